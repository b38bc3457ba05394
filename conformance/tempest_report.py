"""Tempest helpers for conformance/tempest.sh (run with /usr/bin/python3).

  tempest_report.py include-list INTEROP_LIST OUT_REGEX_FILE OUT_SELECTED SERVICE...
      Select the interop list lines of the given services ("all" = every service)
      and write one stestr regex per test (by its Tempest idempotent id, which is
      stable; the name's `[id-...,tags]` part is not usable as a regex as is).

  tempest_report.py report SELECTED SUBUNIT OUT_MD TITLE [MIN_SPEC]
      Read the subunit v2 stream of the run, write the markdown report (per-service
      passed/failed/skipped/not run/total, then the failing tests with their first
      error line), print the table, and exit 1 if MIN_SPEC ("identity=14 image=20")
      is not met, 0 otherwise.
"""
import collections
import datetime
import re
import sys

ID_RE = re.compile(r"\bid-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b")


def service_of(test_name):
    parts = test_name.split(".")
    if parts[0] == "heat_tempest_plugin":
        return "orchestration"
    if len(parts) > 2 and parts[0] == "tempest" and parts[1] in ("api", "scenario"):
        return parts[2] if parts[1] == "api" else "scenario"
    return "other"


def parse_line(line):
    """('tempest.api...test_x', 'uuid' or None) for one interop list line."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    name = line.split("[", 1)[0]
    m = ID_RE.search(line)
    return name, (m.group(1) if m else None)


def include_list(src, out_regex, out_selected, services):
    wanted = set(services)
    n = 0
    with open(src) as f, open(out_regex, "w") as rx, open(out_selected, "w") as sel:
        for raw in f:
            parsed = parse_line(raw)
            if not parsed:
                continue
            name, uid = parsed
            svc = service_of(name)
            if "all" not in wanted and svc not in wanted:
                continue
            if uid:
                # This exact test (not the subclasses that inherit it) with this id.
                regex = r"^%s\[(.*,)?id-%s(,.*)?\]$" % (re.escape(name), re.escape(uid))
            else:
                regex = "^" + re.escape(name) + r"(\[.*\])?$"
            rx.write(regex + "\n")
            sel.write("%s %s\n" % (name, uid or "-"))
            n += 1
    print(n)


def first_error_line(text):
    """The exception line of a traceback (plus tempest's `Details:` line)."""
    lines = [l.rstrip() for l in text.splitlines() if l.strip()]
    start = 0
    for i, l in enumerate(lines):
        if l.startswith("Traceback (most recent call last)"):
            start = i + 1
    for i in range(start, len(lines)):
        l = lines[i]
        if not l.startswith((" ", "\t")):
            out = l
            if i + 1 < len(lines) and lines[i + 1].startswith("Details:"):
                out += " " + lines[i + 1]
            return out[:400]
    return (lines[-1] if lines else "(no traceback)")[:400]


def read_subunit(path):
    import subunit
    import testtools

    results = {}

    def on_test(test):
        details = test.get("details") or {}
        text = ""
        for key in ("traceback", "reason"):
            if key in details:
                try:
                    text = details[key].as_text()
                except Exception:  # noqa: BLE001 — best effort on odd attachments
                    text = ""
                if text:
                    break
        results[test["id"]] = (test["status"], text)

    with open(path, "rb") as stream:
        case = subunit.ByteStreamToStreamResult(stream, non_subunit_name="stdout")
        summary = testtools.StreamToDict(on_test)
        summary.startTestRun()
        try:
            case.run(summary)
        finally:
            summary.stopTestRun()
    return results


def md_cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def report(selected_path, subunit_path, out_md, title, min_spec=""):
    selected = []
    with open(selected_path) as f:
        for l in f:
            name, uid = l.split()
            selected.append((name, None if uid == "-" else uid))
    results = read_subunit(subunit_path)

    by_uid = {}
    by_name = {}
    class_errors = {}  # "module.Class" -> first error line (setUpClass etc.)
    class_skips = {}   # "module.Class" -> reason the whole class was skipped
    for tid, (status, text) in results.items():
        m = re.match(r"^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((.*)\)$", tid)
        if m:
            if status in ("fail", "uxsuccess"):
                class_errors[m.group(2)] = "%s: %s" % (m.group(1), first_error_line(text))
            elif status == "skip":
                class_skips[m.group(2)] = text
            continue
        base = tid.split("[", 1)[0]
        by_name[base] = (tid, status, text)
        u = ID_RE.search(tid)
        if u:
            by_uid[u.group(1)] = (tid, status, text)

    counts = collections.OrderedDict()
    failures = []
    notrun = []
    for name, uid in selected:
        svc = service_of(name)
        c = counts.setdefault(svc, collections.Counter())
        c["total"] += 1
        hit = by_uid.get(uid) if uid else None
        hit = hit or by_name.get(name)
        if hit:
            tid, status, text = hit
            if status in ("success", "xfail"):
                c["passed"] += 1
            elif status == "skip":
                c["skipped"] += 1
            else:
                c["failed"] += 1
                failures.append((svc, tid, first_error_line(text)))
            continue
        cls = name.rsplit(".", 1)[0]
        err = class_errors.get(cls)
        if err:
            c["failed"] += 1
            failures.append((svc, name, err))
        elif cls in class_skips:
            c["skipped"] += 1
        else:
            c["not run"] += 1
            notrun.append((svc, name))

    cols = ["passed", "failed", "skipped", "not run", "total"]
    rows = ["| service | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    tot = collections.Counter()
    for svc, c in sorted(counts.items()):
        rows.append("| %s | %s |" % (svc, " | ".join(str(c[k]) for k in cols)))
        tot.update(c)
    rows.append("| **all** | %s |" % " | ".join("**%d**" % tot[k] for k in cols))

    out = ["# %s" % title, "",
           "Generated by `conformance/tempest.sh` on %s UTC." %
           datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), "",
           "*not run*: the test is in the interop list but this Tempest did not run it "
           "(absent from this Tempest version, or excluded).", "",
           *rows, ""]
    if failures:
        out += ["## Failing tests", "", "| service | test | first error line |", "|---|---|---|"]
        for svc, tid, err in sorted(failures):
            out.append("| %s | `%s` | %s |" % (svc, tid, md_cell(err)))
        out.append("")
    def svc_of_id(tid):
        m = re.match(r"^\w+ \((.*)\)$", tid)  # "setUpClass (tempest.api.x.Class)"
        return service_of((m.group(1) if m else tid).split("[", 1)[0])
    skipped = [(svc_of_id(tid), tid, text) for tid, (s, text) in results.items() if s == "skip"]
    if skipped:
        out += ["## Skipped tests", "", "| service | test | reason |", "|---|---|---|"]
        for svc, tid, text in sorted(skipped):
            out.append("| %s | `%s` | %s |" % (svc, tid, md_cell(text.strip().splitlines()[0] if text.strip() else "")[:300]))
        out.append("")
    if notrun:
        out += ["## Not run", ""]
        out += ["- `%s`" % name for _, name in sorted(notrun)]
        out.append("")
    with open(out_md, "w") as f:
        f.write("\n".join(out))

    print("\n".join(rows))
    rc = 0
    for item in (min_spec or "").split():
        if "=" not in item:
            print("bad TEMPEST_MIN item %r (want service=count)" % item)
            rc = 1
            continue
        svc, want = item.split("=", 1)
        got = counts.get(svc, collections.Counter())["passed"]
        if got < int(want):
            print("below minimum: %s passed %d < %s" % (svc, got, want))
            rc = 1
        else:
            print("minimum met: %s passed %d >= %s" % (svc, got, want))
    return rc


def main(argv):
    if len(argv) >= 5 and argv[1] == "include-list":
        include_list(argv[2], argv[3], argv[4], argv[5:] or ["all"])
        return 0
    if len(argv) >= 6 and argv[1] == "report":
        return report(argv[2], argv[3], argv[4], argv[5], argv[6] if len(argv) > 6 else "")
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
