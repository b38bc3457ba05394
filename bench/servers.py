"""Creates N servers concurrently on the embedded cloud and waits until all are ACTIVE; prints the elapsed time.

Usage: /usr/bin/python3 bench/servers.py BASE_URL TOKEN COUNT THREADS
Talks only to BASE_URL (127.0.0.1). Bounded: COUNT creates, then polls with a deadline.
"""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"X-Auth-Token": token, "Content-Type": "application/json", "OpenStack-API-Version": "compute 2.37"}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read() or b"{}")


def main():
    base, token, count, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    compute = base + "/compute/v2.1"
    project = next(p["id"] for p in call("GET", base + "/identity/v3/auth/projects", token)["projects"] if p["name"] == "admin")
    # Nova's default quota is 10 instances: lift it for the benchmark (admin).
    call("PUT", compute + "/os-quota-sets/" + project, token, {"quota_set": {"instances": -1, "cores": -1, "ram": -1}})
    image = call("GET", base + "/image/v2/images?limit=1", token)["images"][0]["id"]
    body = lambda i: {"server": {"name": f"bench-{i}", "imageRef": image, "flavorRef": "1", "networks": "none"}}
    start = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        ids = list(pool.map(lambda i: call("POST", compute + "/servers", token, body(i))["server"]["id"], range(count)))
    created = time.monotonic() - start
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        servers = call("GET", compute + "/servers/detail?limit=100000", token)["servers"]
        active = sum(1 for s in servers if s["id"] in set(ids) and s["status"] == "ACTIVE")
        if active == count:
            break
        time.sleep(0.05)
    else:
        sys.exit(f"only {active} of {count} servers ACTIVE after the deadline")
    total = time.monotonic() - start
    print(f"RESULT servers={count} threads={threads} created_s={created:.2f} all_active_s={total:.2f} creates_per_s={count / created:.1f}")


main()
