#!/usr/bin/env python3
"""S3 ingest benchmark: castwire's ingest-s3-poll vs a bare GET of the same object by curl.

Usage (from the project root, after `mvn -B -DskipTests package`, which also copies
target/s3proxy.jar):
    python3 bench/s3.py [--mb 200] [--reps 3] [--jar target/castwire.jar]

One s3proxy (filesystem backend, authorization none so curl needs no signing) on 127.0.0.1.
- baseline: `curl -o <file>` GETs a freshly PUT object of the size: what the loopback, the store and
  the disk take for one download.
- castwire: the packaged jar at -Xmx256m (less than the object) with S3 ingest on the bucket
  (poll 200 ms) and processing switched off, so only ingest is measured. The script PUTs
  `inbox/bench/ep-<n>.wav` and times from the end of the PUT until the object appears under
  `processed/`: castwire's listing, the streamed download to work/, SHA-256, the ffmpeg probe (every
  packet read), the registration and the server-side move (a copy of the object inside s3proxy).
Each object is a 48 kHz 16-bit stereo WAV of random samples, unique per run. The ratio is
castwire / curl (seconds). Results go to bench/results/s3-latest.md.
"""
import argparse
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN = "bench-admin-pw"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=180):
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def wav(path, mb):
    data = mb * 1024 * 1024
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + data) + b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, 48000, 192000, 4, 16)
                + b"data" + struct.pack("<I", data))
        for _ in range(mb):
            f.write(os.urandom(1024 * 1024))


def curl(*args):
    subprocess.run(["curl", "-sS", "-f", *args], check=True, stdout=subprocess.DEVNULL)


def exists(endpoint, bucket, key):
    try:
        req = urllib.request.Request(f"{endpoint}/{bucket}/{key}", method="HEAD")
        urllib.request.urlopen(req, timeout=5)
        return True
    except urllib.error.HTTPError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "castwire.jar"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="castwire-s3-bench-")
    procs = []
    try:
        port = free_port()
        endpoint = f"http://127.0.0.1:{port}"
        props = os.path.join(work, "s3proxy.properties")
        with open(props, "w") as f:
            f.write(f"s3proxy.endpoint={endpoint}\ns3proxy.authorization=none\njclouds.provider=filesystem\n"
                    f"jclouds.filesystem.basedir={work}/store\njclouds.identity=x\njclouds.credential=y\n")
        os.makedirs(f"{work}/store")
        procs.append(subprocess.Popen(["java", "-Xmx256m", "-jar", os.path.join(ROOT, "target", "s3proxy.jar"),
                                       "--properties", props], stdout=open(f"{work}/s3proxy.log", "w"),
                                      stderr=subprocess.STDOUT))
        wait_http(endpoint + "/")
        bucket = "bench"
        curl("-X", "PUT", f"{endpoint}/{bucket}")

        hub_port = free_port()
        env = dict(os.environ, CASTWIRE_ADMIN_PASSWORD=ADMIN, CASTWIRE_S3_ACCESS_KEY="x", CASTWIRE_S3_SECRET_KEY="y")
        hub_log = open(f"{work}/castwire.log", "w")
        procs.append(subprocess.Popen(["java", "-Xmx256m", "-jar", a.jar, f"--server.port={hub_port}",
                                       f"--castwire.home={work}/home", f"--castwire.s3.endpoint={endpoint}",
                                       "--castwire.s3.force-path-style=true", f"--castwire.s3.ingest.bucket={bucket}",
                                       "--castwire.s3.ingest.poll-interval=200ms", "--castwire.ingest.max-file-size=2GB",
                                       "--castwire.routes.processing-outbox-poll.auto-startup=false",
                                       "--castwire.routes.processing-episode-run.auto-startup=false"],
                                      stdout=hub_log, stderr=subprocess.STDOUT, env=env))
        end = time.time() + 240
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{hub_port}/actuator/health", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if time.time() > end:
                raise SystemExit("castwire did not start; see " + hub_log.name)
            time.sleep(0.3)

        rows = []
        for n in range(1, a.reps + 1):
            src = os.path.join(work, f"ep-{n}.wav")
            wav(src, a.mb)
            size = os.path.getsize(src)
            curl("-T", src, f"{endpoint}/{bucket}/bench/base-{n}.wav")
            t0 = time.perf_counter()
            curl("-o", os.path.join(work, "got.wav"), f"{endpoint}/{bucket}/bench/base-{n}.wav")
            base = time.perf_counter() - t0
            os.remove(os.path.join(work, "got.wav"))
            curl("-X", "DELETE", f"{endpoint}/{bucket}/bench/base-{n}.wav")

            curl("-T", src, f"{endpoint}/{bucket}/inbox/bench/ep-{n}.wav")
            t0 = time.perf_counter()
            while not exists(endpoint, bucket, f"processed/bench/ep-{n}.wav"):
                if time.perf_counter() - t0 > 600:
                    raise SystemExit("castwire did not take the object; see " + hub_log.name)
                time.sleep(0.05)
            hub = time.perf_counter() - t0
            os.remove(src)
            rows.append((n, size, base, hub))
            print(f"run {n}: curl {base:.2f} s, castwire {hub:.2f} s, ratio {hub / base:.1f}", flush=True)

        with open(f"{work}/castwire.log") as f:
            oom = "OutOfMemoryError" in f.read()
        out = ["| run | object | curl GET to file | castwire S3 ingest | ratio |", "|---:|---:|---:|---:|---:|"]
        for n, size, base, hub in rows:
            out.append(f"| {n} | {size / 1048576:.0f} MiB | {base:.2f} s | {hub:.2f} s | {hub / base:.1f}× |")
        mb, mh = statistics.median(r[2] for r in rows), statistics.median(r[3] for r in rows)
        out.append(f"| **median** | | **{mb:.2f} s** | **{mh:.2f} s** | **{mh / mb:.1f}×** |")
        out.append("")
        out.append(f"castwire at -Xmx256m; OutOfMemoryError in its log: {'yes' if oom else 'no'}.")
        os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
        with open(os.path.join(ROOT, "bench", "results", "s3-latest.md"), "w") as f:
            f.write("\n".join(out) + "\n")
        print("\n".join(out))
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
