"""One API save a second, for the benchmarks: a researcher changing the
first session of one initiative (GET it, PUT the session with its
version). Writes "saves slowest_seconds" to OUT after every save.

    python3 scripts/bench_writer.py BASE_URL TOKEN INITIATIVE_ID OUT
"""
import json
import sys
import time
import urllib.request

base, token, ident, out = sys.argv[1:5]
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
n, slowest = 0, 0.0
while True:
    t = time.time()
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/initiatives/{ident}", headers=h)) as r:
        doc = json.load(r)
    session = doc["initiative"]["sessions"][0]
    session["participants"] = 1 + n % 40
    body = json.dumps({"version": doc["session_versions"][0], "session": session}).encode()
    req = urllib.request.Request(f"{base}/api/initiatives/{ident}/sessions/0", data=body, headers=h, method="PUT")
    with urllib.request.urlopen(req) as r:
        assert r.status == 200, r.status
    n += 1
    slowest = max(slowest, time.time() - t)
    with open(out, "w") as f:
        f.write(f"{n} {slowest:.3f}\n")
    time.sleep(max(0.0, 1.0 - (time.time() - t)))
