#!/usr/bin/env python3
"""Inbound webhook benchmark: castwire's POST /webhooks/{source} vs a bare HTTP endpoint, same session.

Usage (from the project root, after `mvn -B -DskipTests package`):
    python3 bench/inbound.py [--requests 2000] [--clients 4] [--reps 3] [--jar target/castwire.jar]

The same client (this script: `--clients` threads, one keep-alive connection each) POSTs signed
`media.created` webhooks (Standard Webhooks headers, a fresh webhook-id and signature per request,
~330-byte body) to:

- baseline: bench/BareWebhookEndpoint.java (JDK HttpServer, 8 threads): reads the body, answers 202
  with a small JSON. No signature check, no schema, no database.
- castwire: the packaged jar, embedded H2, one source `bench`. Each request goes through Spring
  Security's filter chain, the body-limit filter, the platform-http route (header filter),
  Standard Webhooks verification, JSON parsing, JSON Schema validation and the INSERT that is the
  replay guard and the outbox row, committed before the 202. The worker routes are stopped
  (`ingest-webhook-process`, `ingest-webhook-outbox-poll`), so no media are fetched: this measures
  accepting, not the downloads.

Figures are accepted requests/s from the first send to the last answer; the ratio is castwire /
baseline. Every answer must be 202. Results go to bench/results/inbound-latest.md.
"""
import argparse
import base64
import concurrent.futures
import hashlib
import hmac
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = os.urandom(32)
SECRET = "whsec_" + base64.b64encode(KEY).decode()
ADMIN = "bench-admin-pw"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(i):
    return json.dumps({"type": "media.created", "timestamp": "2026-11-21T12:00:00Z",
                       "data": {"url": f"https://cms.example.org/media/episode-{i}.mp3", "show": "bench",
                                "title": f"Benchmark episode {i}", "description": "An episode announced by the bench CMS.",
                                "externalId": f"bench-{i}"}}, separators=(",", ":")).encode()


def connect(port):
    """A keep-alive connection without Nagle's delay (http.client sends headers and body in two writes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def run(port, path, n, clients):
    """POSTs n signed webhooks from `clients` threads; returns requests/s. Every answer must be 202."""
    per = [n // clients + (1 if c < n % clients else 0) for c in range(clients)]

    def client(c):
        conn = connect(port)
        statuses = {}
        for k in range(per[c]):
            b = body(c * 1_000_000 + k)
            mid = "msg_" + uuid.uuid4().hex
            ts = str(int(time.time()))
            sig = base64.b64encode(hmac.new(KEY, f"{mid}.{ts}.".encode() + b, hashlib.sha256).digest()).decode()
            conn.request("POST", path, body=b, headers={"Content-Type": "application/json", "webhook-id": mid,
                                                         "webhook-timestamp": ts, "webhook-signature": "v1," + sig})
            r = conn.getresponse()
            r.read()
            statuses[r.status] = statuses.get(r.status, 0) + 1
            if r.getheader("connection", "").lower() == "close":
                conn.close()
                conn = connect(port)
        conn.close()
        return statuses

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - start
    total = {}
    for s in results:
        for k, v in s.items():
            total[k] = total.get(k, 0) + v
    assert total == {202: n}, f"answers other than 202: {total}"
    return n / elapsed


def wait_http(url, proc, what, ok=lambda r: True):
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if ok(r):
                    return
        except urllib.error.HTTPError:
            return  # the server answers
        except Exception:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited")
        time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"{what} did not start in 120 s")


def start_hub(jar, home):
    port = free_port()
    env = dict(os.environ, CASTWIRE_ADMIN_PASSWORD=ADMIN, BENCH_INBOUND_SECRET=SECRET, CASTWIRE_HOME=home)
    args = ["java", "-Xmx512m", "-jar", jar, f"--server.port={port}",
            "--castwire.inbound.sources[0].name=bench",
            "--castwire.inbound.sources[0].secret-env=BENCH_INBOUND_SECRET",
            "--castwire.routes.ingest-webhook-process.auto-startup=false",
            "--castwire.routes.ingest-webhook-outbox-poll.auto-startup=false",
            "--logging.level.root=WARN"]
    log = open(os.path.join(home, "hub.log"), "w")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    wait_http(f"http://127.0.0.1:{port}/actuator/health", proc, "castwire",
              lambda r: json.loads(r.read()).get("status") == "UP")
    # the platform-http route registers its mapping once Camel has started: until then /webhooks/* is 404
    deadline = time.time() + 60
    while time.time() < deadline:
        req = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/bench", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=5)
        except urllib.error.HTTPError as e:
            if e.code == 401:
                return proc, port
        except Exception:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("castwire's /webhooks/bench never answered 401 to an unsigned request")


def start_bare():
    port = free_port()
    proc = subprocess.Popen(["java", "-Dsun.net.httpserver.nodelay=true",
                             os.path.join(ROOT, "bench", "BareWebhookEndpoint.java"), str(port), "8"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/webhooks/", proc, "the bare endpoint")
    return proc, port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=2000)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "castwire.jar"))
    a = ap.parse_args()
    if not os.path.exists(a.jar):
        raise SystemExit(f"{a.jar} not found: run mvn -B -DskipTests package first")
    home = tempfile.mkdtemp(prefix="castwire-bench-inbound-")
    hub, hub_port = start_hub(a.jar, home)
    bare, bare_port = start_bare()
    rows = []
    try:
        # warm-up: JIT, connection pools, the first schema validations
        run(hub_port, "/webhooks/bench", a.warmup, a.clients)
        run(bare_port, "/webhooks/bench", a.warmup, a.clients)
        for rep in range(1, a.reps + 1):
            base = run(bare_port, "/webhooks/bench", a.requests, a.clients)
            cw = run(hub_port, "/webhooks/bench", a.requests, a.clients)
            rows.append((rep, base, cw, cw / base))
            print(f"run {rep}: bare {base:.0f}/s, castwire {cw:.0f}/s, ratio {cw / base:.2f}", flush=True)
        stored = urllib.request.Request(f"http://127.0.0.1:{hub_port}/api/inbound/{a.warmup + a.reps * a.requests}")
        stored.add_header("Authorization", "Basic " + base64.b64encode(f"admin:{ADMIN}".encode()).decode())
        with urllib.request.urlopen(stored, timeout=30) as r:
            last = json.loads(r.read())
        assert last["status"] == "ACCEPTED", last
    finally:
        for p in (hub, bare):
            p.terminate()
        for p in (hub, bare):
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
    md = [f"# Inbound webhook benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores)", "",
          f"{a.requests} signed `media.created` webhooks per run from {a.clients} keep-alive clients; client, "
          "endpoint and castwire on this machine. castwire: embedded H2, worker routes stopped.", "",
          "| run | bare endpoint (requests/s) | castwire (accepted/s) | ratio |", "|---|---|---|---|"]
    for rep, base, cw, ratio in rows:
        md.append(f"| {rep} | {base:.0f} | {cw:.0f} | {ratio:.2f} |")
    md += ["", f"Median ratio: {statistics.median([r[3] for r in rows]):.2f}. Every answer 202; "
           f"event {a.warmup + a.reps * a.requests} (the last) stored as ACCEPTED."]
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "inbound-latest.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
