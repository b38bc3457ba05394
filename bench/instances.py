"""Namespace hypervisor benchmark: time from POST /servers to the instance's sshd banner, memory per idle instance, delete time.

Usage: /usr/bin/python3 bench/instances.py BASE_URL TOKEN ROUTER_NETNS COUNT IDLE_COUNT
Talks to BASE_URL (127.0.0.1) and, from one thread that entered ROUTER_NETNS (setns), to the instances' fixed IPs
inside the cloud's own namespaces. Bounded: COUNT boots one at a time, COUNT at once, IDLE_COUNT idle instances; every wait has a deadline.
"""
import ctypes
import json
import queue
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CLONE_NEWNET = 0x40000000


class Prober:
    """Waits for sshd banners from inside the router's network namespace, without a process per probe.

    One thread enters the namespace (setns) at the start and keeps it and drives every probe with one selector. A probe
    has one connection attempt at a time (so sshd forks one session per probe, not one per attempt): refused → a new
    attempt 5 ms later; no answer within 50 ms (a SYN held by an unresolved or flushed neighbour entry) → closed and
    tried again; connected → wait for the banner. The time recorded is when the first "SSH-" bytes arrived, so the
    measure includes no interpreter start-up and at most a few ms of retry spacing.
    """

    def __init__(self, netns):
        self.requests = queue.Queue()
        ready = threading.Event()
        self.failure = None

        def run():
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                with open(f"/run/netns/{netns}") as ns:
                    if libc.setns(ns.fileno(), CLONE_NEWNET) != 0:
                        raise OSError(ctypes.get_errno(), "setns")
            except OSError as error:
                self.failure = error
                ready.set()
                return
            ready.set()
            self.loop()

        threading.Thread(target=run, daemon=True).start()
        ready.wait()
        if self.failure:
            raise self.failure

    def banner(self, ip, timeout=60):
        """Blocks until the banner of ip:22 arrives; returns its time.time(), or None at the deadline."""
        done = threading.Event()
        result = {}
        self.requests.put((ip, time.time() + timeout, done, result))
        done.wait(timeout + 5)
        return result.get("at")

    def loop(self):
        selector = selectors.DefaultSelector()
        probes = []  # dicts: ip, deadline, done, result, sock, started, connected, next (time of the next attempt)
        while True:
            try:
                while True:
                    ip, deadline, done, result = self.requests.get_nowait()
                    probes.append({"ip": ip, "deadline": deadline, "done": done, "result": result, "sock": None, "next": 0.0})
            except queue.Empty:
                pass
            now = time.time()
            for probe in probes:
                sock = probe["sock"]
                if sock is not None and not probe["connected"] and now - probe["started"] > 0.05:
                    self.close(selector, probe, now)
                if probe["sock"] is None and now >= probe["next"]:
                    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    sock.setblocking(False)
                    sock.connect_ex((probe["ip"], 22))
                    selector.register(sock, selectors.EVENT_WRITE, probe)
                    probe.update(sock=sock, started=now, connected=False)
            for key, _ in selector.select(0.002 if probes else 0.05):
                sock, probe = key.fileobj, key.data
                if not probe["connected"]:
                    if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                        self.close(selector, probe, time.time())
                    else:
                        probe["connected"] = True
                        selector.modify(sock, selectors.EVENT_READ, probe)
                    continue
                try:
                    data = sock.recv(64)
                except OSError:
                    data = b""
                if data.startswith(b"SSH-"):
                    probe["result"]["at"] = time.time()
                self.close(selector, probe, time.time())
            now = time.time()
            for probe in [p for p in probes if "at" in p["result"] or now > p["deadline"]]:
                if probe["sock"] is not None:
                    self.close(selector, probe, now)
                probes.remove(probe)
                probe["done"].set()

    @staticmethod
    def close(selector, probe, now):
        selector.unregister(probe["sock"])
        probe["sock"].close()
        probe["sock"] = None
        probe["next"] = now + 0.005


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"X-Auth-Token": token, "Content-Type": "application/json"}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read() or b"{}")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Bench:
    def __init__(self, base, token, router):
        self.base, self.token, self.router = base, token, router
        self.prober = Prober(router)
        self.compute = base + "/compute/v2.1"
        self.image = call("GET", base + "/image/v2/images?limit=1", token)["images"][0]["id"]
        self.network = next(n["id"] for n in call("GET", base + "/network/v2.0/networks?name=private", token)["networks"])

    def boot(self, name):
        """POST /servers, then probe the fixed IP from the router's namespace; returns (id, seconds to banner)."""
        start = time.time()
        body = {"server": {"name": name, "imageRef": self.image, "flavorRef": "1", "networks": [{"uuid": self.network}]}}
        server_id = call("POST", self.compute + "/servers", self.token, body)["server"]["id"]
        ip = None
        deadline = time.time() + 30
        while ip is None and time.time() < deadline:
            addresses = call("GET", self.compute + "/servers/" + server_id, self.token)["server"]["addresses"]
            ip = next((a["addr"] for nets in addresses.values() for a in nets), None)
        at = self.prober.banner(ip)
        if at is None:
            raise RuntimeError(f"{name}: no sshd banner from {ip}")
        return server_id, at - start

    def delete(self, server_id):
        start = time.monotonic()
        call("DELETE", self.compute + "/servers/" + server_id, self.token)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                call("GET", self.compute + "/servers/" + server_id, self.token)
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    return time.monotonic() - start
            time.sleep(0.01)
        raise RuntimeError("delete did not finish")


def pss_kib(netns_prefix):
    """Proportional set size (shared pages split between sharers) of every process in the cloud's instance namespaces."""
    total = 0
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split("\n")
    for line in listed:
        name = line.split(" ")[0]
        if not name.startswith(netns_prefix):
            continue
        for pid in subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout.split():
            try:
                with open(f"/proc/{pid}/smaps_rollup") as rollup:
                    total += next(int(l.split()[1]) for l in rollup if l.startswith("Pss:"))
            except (OSError, StopIteration):
                pass
    return total


def main():
    base, token, router, count, idle = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    bench = Bench(base, token, router)
    prefix = router.split("-r-")[0] + "-i-"

    one = []
    deletes = []
    for i in range(count):
        server_id, seconds = bench.boot(f"seq-{i}")
        one.append(seconds)
        deletes.append(bench.delete(server_id))
    print(f"RESULT one_at_a_time_n={count} banner_p50_ms={pct(one, 50)*1000:.0f} banner_p95_ms={pct(one, 95)*1000:.0f} "
          f"min_ms={min(one)*1000:.0f} max_ms={max(one)*1000:.0f}")
    print(f"RESULT delete_n={count} delete_p50_ms={pct(deletes, 50)*1000:.0f} delete_p95_ms={pct(deletes, 95)*1000:.0f}")

    with ThreadPoolExecutor(count) as pool:
        results = list(pool.map(lambda i: bench.boot(f"par-{i}"), range(count)))
    at_once = [s for _, s in results]
    print(f"RESULT at_once_n={count} banner_p50_ms={pct(at_once, 50)*1000:.0f} banner_p95_ms={pct(at_once, 95)*1000:.0f} "
          f"max_ms={max(at_once)*1000:.0f}")

    ids = [i for i, _ in results]
    with ThreadPoolExecutor(10) as pool:
        ids += [i for i, _ in pool.map(lambda i: bench.boot(f"idle-{i}"), range(max(0, idle - count)))]
    time.sleep(5)  # let boot-time work (key generation, user data) finish: the measure is of idle instances
    total = pss_kib(prefix)
    print(f"RESULT idle_instances={len(ids)} pss_total_mib={total/1024:.0f} pss_per_instance_mib={total/1024/len(ids):.1f}")

    start = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        list(pool.map(bench.delete, ids))
    print(f"RESULT delete_all_n={len(ids)} seconds={time.monotonic()-start:.1f}")


if __name__ == "__main__":
    main()
