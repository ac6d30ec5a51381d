#!/usr/bin/env python3
"""Outbound webhook delivery benchmark: castwire vs a bare HTTP client, same session, same receiver.

Usage (from the project root, after `mvn -B -DskipTests package`):
    python3 bench/webhooks.py [--events 500] [--jar target/castwire.jar] [--reps 3]

One receiver (Python's ThreadingHTTPServer on 127.0.0.1) checks every Standard Webhooks signature
and records when each webhook-id arrived; it answers 204.

- baseline: this script signs and POSTs N events straight to the receiver from 4 threads
  (castwire's default delivery concurrency), one connection per request.
- castwire: the packaged jar with one subscriber on the receiver (127.0.0.1 allow-listed) and a
  long outbox poll interval. Between two polls the script queues N events through
  `POST /api/webhooks/subscribers/bench/test` (the admin API checks the BCrypt password on every
  request, about 25 requests/s on 2 cores, so queueing is kept out of the figure); the next poll
  hands all N to the delivery route at once. Each delivery goes through the SEDA queue, the claim
  (a conditional UPDATE), the signature, the SSRF-guarded HttpClient and the ledger write.

Both figures are deliveries/s from the first to the last arrival at the receiver; the ratio is
castwire / baseline. A castwire run counts only if every event was queued before the first one
arrived. Results go to bench/results/webhooks-latest.md.
"""
import argparse
import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = os.urandom(32)
SECRET = "whsec_" + base64.b64encode(KEY).decode()
ADMIN = "bench-admin-pw"
POLL = 40


class Receiver:
    def __init__(self):
        self.arrived = {}
        self.bad = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                mid, ts, sig = (self.headers.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
                want = base64.b64encode(hmac.new(KEY, f"{mid}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
                ok = sig is not None and any(s == "v1," + want for s in sig.split(" "))
                with outer.lock:
                    if ok:
                        outer.arrived.setdefault(mid, time.monotonic())
                    else:
                        outer.bad += 1
                self.send_response(204 if ok else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def count(self):
        with self.lock:
            return len(self.arrived)


def rate(receiver, ids):
    times = [receiver.arrived[m] for m in ids]
    return len(times) / (max(times) - min(times)), min(times)


def baseline(receiver, n):
    ids = [f"msg_base_{uuid.uuid4().hex}" for _ in range(n)]

    def post(i):
        mid = ids[i]
        ts = str(int(time.time()))
        body = json.dumps({"type": "webhook.test", "timestamp": "now", "data": {"i": i}}, separators=(",", ":")).encode()
        sig = base64.b64encode(hmac.new(KEY, f"{mid}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
        req = urllib.request.Request(receiver.url, data=body, method="POST", headers={
            "content-type": "application/json", "webhook-id": mid, "webhook-timestamp": ts,
            "webhook-signature": "v1," + sig})
        urllib.request.urlopen(req, timeout=30).read()

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(post, range(n)))
    assert all(m in receiver.arrived for m in ids), "baseline lost deliveries"
    return rate(receiver, ids)[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(port, path, method="GET"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=b"" if method == "POST" else None)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"admin:{ADMIN}".encode()).decode())
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def start_hub(jar, receiver, home):
    port = free_port()
    env = dict(os.environ, CASTWIRE_ADMIN_PASSWORD=ADMIN, BENCH_WEBHOOK_SECRET=SECRET, CASTWIRE_HOME=home)
    args = ["java", "-Xmx512m", "-jar", jar, f"--server.port={port}",
            "--castwire.webhooks.subscribers[0].name=bench",
            f"--castwire.webhooks.subscribers[0].url={receiver.url}",
            "--castwire.webhooks.subscribers[0].events=system.alert",
            "--castwire.webhooks.subscribers[0].secret-env=BENCH_WEBHOOK_SECRET",
            "--castwire.webhooks.allow-networks=127.0.0.1/32",
            f"--castwire.webhooks.poll-interval={POLL}s",
            "--logging.level.root=WARN"]
    log = open(os.path.join(home, "hub.log"), "w")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health", timeout=2) as r:
                if json.loads(r.read()).get("status") == "UP":
                    return proc, port
        except Exception:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"castwire exited; see {home}/hub.log")
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("castwire did not become healthy in 120 s")


def castwire(port, receiver, n):
    """Queues n events between two polls; returns (deliveries/s, drain seconds, first arrival) or None."""
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        ids = [r["webhookId"] for r in pool.map(lambda _: api(port, "/api/webhooks/subscribers/bench/test", "POST"),
                                                 range(n))]
    queued_at = time.monotonic()
    deadline = time.monotonic() + POLL + 120
    while time.monotonic() < deadline and not all(m in receiver.arrived for m in ids):
        time.sleep(0.05)
    missing = [m for m in ids if m not in receiver.arrived]
    assert not missing, f"{len(missing)} deliveries did not arrive"
    per_second, first = rate(receiver, ids)
    if first < queued_at:
        return None  # a poll fell inside the queueing: the figure would include the API's pace
    return per_second, max(receiver.arrived[m] for m in ids) - first, first


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=500)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "castwire.jar"))
    a = ap.parse_args()
    if not os.path.exists(a.jar):
        raise SystemExit(f"{a.jar} not found: run mvn -B -DskipTests package first")
    receiver = Receiver()
    home = tempfile.mkdtemp(prefix="castwire-bench-webhooks-")
    proc, port = start_hub(a.jar, receiver, home)
    rows = []
    try:
        castwire(port, receiver, 5)  # warm-up (JIT, connection pool); also finds the poll's phase
        baseline(receiver, 20)
        rep = 0
        while len(rows) < a.reps and rep < a.reps * 3:
            rep += 1
            base = baseline(receiver, a.events)
            got = castwire(port, receiver, a.events)
            if got is None:
                print(f"run {rep}: a poll came while events were being queued; run again", flush=True)
                continue
            cw, drain, _ = got
            rows.append((len(rows) + 1, base, cw, cw / base, drain))
            print(f"run {rep}: baseline {base:.0f}/s, castwire {cw:.0f}/s, ratio {cw / base:.2f}, "
                  f"castwire drained {a.events} in {drain:.2f} s", flush=True)
    finally:
        proc.terminate()
        proc.wait(30)
    assert receiver.bad == 0, f"{receiver.bad} deliveries had a bad signature"
    cpu = os.cpu_count()
    md = [f"# Webhook delivery benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cpu} cores)", "",
          f"{a.events} events per run; receiver, baseline client and castwire on this machine.", "",
          "| run | bare client (deliveries/s) | castwire (deliveries/s) | ratio | castwire drain time |",
          "|---|---|---|---|---|"]
    for rep, base, cw, ratio, drain in rows:
        md.append(f"| {rep} | {base:.0f} | {cw:.0f} | {ratio:.2f} | {drain:.2f} s |")
    ratios = [r[3] for r in rows]
    md += ["", f"Median ratio: {statistics.median(ratios):.2f}. Every signature verified; none lost."]
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "webhooks-latest.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
