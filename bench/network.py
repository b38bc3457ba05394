"""Fills the embedded cloud for issue 3's benchmarks and times the writes: PORTS ports on one network, floating IP
allocate/release pairs, and VOLUMES volume creates until all are available. Prints RESULT lines.

Usage: /usr/bin/python3 bench/network.py BASE_URL TOKEN PORTS FLOATING_PAIRS VOLUMES THREADS
Talks only to BASE_URL (127.0.0.1). Bounded: fixed counts, and polling with a deadline.
"""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"X-Auth-Token": token, "Content-Type": "application/json"}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read() or b"{}")


def timed(threads, count, work):
    start = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(work, range(count)))
    return results, time.monotonic() - start


def main():
    base, token = sys.argv[1], sys.argv[2]
    ports, pairs, volumes, threads = (int(a) for a in sys.argv[3:7])
    net = base + "/network/v2.0"
    project = next(p["id"] for p in call("GET", base + "/identity/v3/auth/projects", token)["projects"] if p["name"] == "admin")
    call("PUT", f"{net}/quotas/{project}", token, {"quota": {"port": -1, "floatingip": -1, "network": -1, "subnet": -1}})
    volume = f"{base}/volume/v3/{project}"
    call("PUT", f"{volume}/os-quota-sets/{project}", token, {"quota_set": {"volumes": -1, "gigabytes": -1, "snapshots": -1}})

    network = call("POST", f"{net}/networks", token, {"network": {"name": "bench-ports"}})["network"]["id"]
    call("POST", f"{net}/subnets", token, {"subnet": {"network_id": network, "ip_version": 4, "cidr": "10.200.0.0/18"}})
    _, elapsed = timed(threads, ports, lambda i: call("POST", f"{net}/ports", token, {"port": {"network_id": network, "name": f"p{i}"}}))
    print(f"RESULT ports={ports} threads={threads} created_s={elapsed:.2f} ports_per_s={ports / elapsed:.1f}")

    public = call("GET", f"{net}/networks?router:external=true", token)["networks"][0]["id"]

    def pair(_):
        ip = call("POST", f"{net}/floatingips", token, {"floatingip": {"floating_network_id": public}})["floatingip"]["id"]
        call("DELETE", f"{net}/floatingips/{ip}", token)

    _, elapsed = timed(4, pairs, pair)
    print(f"RESULT floating_ip_pairs={pairs} threads=4 elapsed_s={elapsed:.2f} allocate_release_per_s={pairs / elapsed:.1f}")

    start = time.monotonic()
    ids, created = timed(threads, volumes, lambda i: call("POST", f"{volume}/volumes", token, {"volume": {"size": 1, "name": f"v{i}"}})["volume"]["id"])
    wanted = set(ids)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        listed = call("GET", f"{volume}/volumes/detail?limit=100000", token)["volumes"]
        available = sum(1 for v in listed if v["id"] in wanted and v["status"] == "available")
        if available == volumes:
            break
        time.sleep(0.05)
    else:
        sys.exit(f"only {available} of {volumes} volumes available after the deadline")
    total = time.monotonic() - start
    print(f"RESULT volumes={volumes} threads={threads} accepted_s={created:.2f} all_available_s={total:.2f} volumes_per_s={volumes / total:.1f}")


main()
