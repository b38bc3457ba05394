"""Namespace hypervisor benchmark: time from POST /servers to the instance's sshd banner, memory per idle instance, delete time.

Usage: /usr/bin/python3 bench/instances.py BASE_URL TOKEN ROUTER_NETNS COUNT IDLE_COUNT
Talks to BASE_URL (127.0.0.1) and, through `ip netns exec ROUTER_NETNS`, to the instances' fixed IPs inside the
cloud's own namespaces. Bounded: COUNT boots one at a time, COUNT at once, IDLE_COUNT idle instances; every wait has a deadline.
"""
import json
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PROBE = r"""
import socket, sys, time
ip, deadline = sys.argv[1], time.time() + 60
while time.time() < deadline:
    try:
        s = socket.create_connection((ip, 22), timeout=0.5)
        if s.recv(64).startswith(b"SSH-"):
            print(time.time()); sys.exit(0)
    except OSError:
        time.sleep(0.005)
sys.exit(1)
"""


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
        probe = subprocess.run(["ip", "netns", "exec", self.router, "/usr/bin/python3", "-c", PROBE, ip],
                               capture_output=True, text=True, timeout=90)
        if probe.returncode != 0:
            raise RuntimeError(f"{name}: no sshd banner from {ip}")
        return server_id, float(probe.stdout) - start

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
