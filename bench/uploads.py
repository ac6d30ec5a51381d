#!/usr/bin/env python3
"""Resumable video upload benchmark: castwire's YouTube upload vs curl, same session, same server.

Usage (from the project root, after `mvn -B -DskipTests package`):
    python3 bench/uploads.py [--mb 256] [--reps 3] [--jar target/castwire.jar]

One local server (Python's ThreadingHTTPServer on 127.0.0.1) speaks the parts of Google's API an
upload uses: the OAuth token endpoint, the resumable session (`POST /upload/youtube/v3/videos?
uploadType=resumable`, then `PUT` chunks with `Content-Range`, answered 308 with the committed
`Range` and 201 with the video at the end), captions.insert and thumbnails.set. It reads every byte
and times each session from its first body byte to its last.

- baseline 1: `curl -T <file>` PUTs the whole file to a fresh session in one request (the raw
  tool, no chunking, no bookkeeping): what the loopback and the server can take.
- baseline 2: a bare Python client speaking the same protocol as castwire: 8 MiB PUTs with
  `Content-Range` on one keep-alive connection, reading each 308, with no database.
- castwire: the packaged jar, started with `-Xmx256m` (smaller than the file: an upload that read
  the file into the heap would fail), with the YouTube destination pointed at the server. The
  script drops a video episode into the inbox and times castwire's session the same way: 8 MiB
  chunks (the default), each a PUT answered 308, with the session and committed offset written to
  the database after every chunk and the publication's lease renewed meanwhile.

Both figures are MB/s over the same bytes through the same server; the ratio is castwire / curl.
Each rep uses its own copy of the video (remuxed with a different title tag, so castwire does not
drop it as a duplicate). Results go to bench/results/uploads-latest.md.
"""
import argparse
import base64
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN = "bench-admin-pw"
RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


class Google:
    """The token endpoint and resumable sessions; records every session's timing."""

    def __init__(self):
        self.sessions = {}
        self.lock = threading.Lock()
        self.next = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def body(self):
                n = int(self.headers.get("content-length", "0"))
                got = 0
                while got < n:
                    chunk = self.rfile.read(min(1 << 20, n - got))
                    if not chunk:
                        break
                    got += len(chunk)
                return got

            def answer(self, status, payload=None, headers=()):
                data = json.dumps(payload).encode() if payload is not None else b""
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                self.body()
                if self.path.startswith("/token"):
                    return self.answer(200, {"access_token": "bench-token", "expires_in": 3600, "token_type": "Bearer"})
                if self.path.startswith("/upload/youtube/v3/videos"):
                    with outer.lock:
                        outer.next += 1
                        sid = str(outer.next)
                        outer.sessions[sid] = {"first": None, "last": None, "bytes": 0, "done": False,
                                               "total": int(self.headers.get("X-Upload-Content-Length", "0"))}
                    return self.answer(200, {}, [("Location", f"http://127.0.0.1:{outer.port}/session/{sid}")])
                if "/captions" in self.path:
                    return self.answer(200, {"id": "caption-1", "snippet": {}})
                if "/thumbnails/set" in self.path:
                    return self.answer(200, {"items": []})
                return self.answer(200, {})

            def do_PUT(self):
                sid = self.path.rsplit("/", 1)[-1]
                s = outer.sessions.get(sid)
                if s is None:
                    self.body()
                    return self.answer(404, {"error": {"code": 404, "message": "no such session"}})
                m = RANGE.match(self.headers.get("Content-Range", ""))
                if m is None:  # "bytes */total": a status query
                    self.body()
                    if s["done"]:
                        return self.answer(200, video(sid))
                    return self.answer(308, None, [("Range", f"bytes=0-{s['bytes'] - 1}")] if s["bytes"] else [])
                start = time.monotonic()
                got = self.body()
                now = time.monotonic()
                with outer.lock:
                    if s["first"] is None:
                        s["first"] = start
                    s["last"] = now
                    s["bytes"] = int(m.group(1)) + got
                    s["done"] = s["bytes"] >= int(m.group(3))
                if s["done"]:
                    return self.answer(201, video(sid))
                return self.answer(308, None, [("Range", f"bytes=0-{s['bytes'] - 1}")])

            def do_GET(self):
                return self.answer(200, {"items": []})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def open_session(self, total):
        req = urllib.request.Request(self.url + "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status",
                                     data=b"{}", method="POST", headers={"X-Upload-Content-Length": str(total)})
        with urllib.request.urlopen(req) as r:
            return r.headers["Location"]

    def finished(self):
        with self.lock:
            return {k: dict(v) for k, v in self.sessions.items() if v["done"]}


def video(sid):
    return {"kind": "youtube#video", "id": f"bench-video-{sid}", "snippet": {"title": "bench"},
            "status": {"uploadStatus": "uploaded", "privacyStatus": "private"}}


def rate(s):
    return s["bytes"] / (1 << 20) / max(1e-9, s["last"] - s["first"])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_FFMPEG = []


def ffmpeg():
    """$FFMPEG, else ffmpeg on the PATH, else the static build castwire ships (jave-nativebin in ~/.m2)."""
    if _FFMPEG:
        return _FFMPEG[0]
    path = os.environ.get("FFMPEG") or shutil.which("ffmpeg")
    if not path:
        import glob
        import zipfile
        jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/ws/schild/jave-nativebin-linux64/*/*.jar")))
        if not jars:
            raise SystemExit("no ffmpeg: set FFMPEG, install ffmpeg, or build castwire once (mvn package)")
        tools = tempfile.mkdtemp(prefix="castwire-bench-ffmpeg-")
        with zipfile.ZipFile(jars[-1]) as z:
            z.extract("ws/schild/jave/nativebin/ffmpeg-amd64", tools)
        path = os.path.join(tools, "ws/schild/jave/nativebin/ffmpeg-amd64")
        os.chmod(path, 0o755)
    _FFMPEG.append(path)
    return path


def make_video(work, mb):
    """A 720p H.264/AAC mp4 of about `mb` MiB (a moving test pattern at a fixed bitrate)."""
    seconds = 60
    out = os.path.join(work, "source.mp4")
    kbps = int(mb * 8 * 1024 / seconds)
    subprocess.run([ffmpeg(), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", str(seconds),
                    "-c:v", "libx264", "-preset", "ultrafast", "-b:v", f"{kbps}k", "-minrate", f"{kbps}k",
                    "-maxrate", f"{kbps}k", "-bufsize", f"{kbps}k", "-x264-params", "nal-hrd=cbr:force-cfr=1",
                    "-c:a", "aac", "-shortest", out], check=True)
    return out


def copy_of(source, work, rep):
    out = os.path.join(work, f"bench-{rep}.mp4")
    subprocess.run([ffmpeg(), "-v", "error", "-y", "-i", source, "-c", "copy", "-metadata", f"title=bench {rep}", out],
                   check=True)
    return out


def start_hub(jar, google, home):
    port = free_port()
    env = dict(os.environ, CASTWIRE_ADMIN_PASSWORD=ADMIN, CASTWIRE_HOME=home,
               CASTWIRE_YOUTUBE_CLIENT_ID="bench-client", CASTWIRE_YOUTUBE_CLIENT_SECRET="bench-secret",
               CASTWIRE_YOUTUBE_REFRESH_TOKEN="bench-refresh",
               CASTWIRE_YOUTUBE_TOKEN_KEY=base64.b64encode(os.urandom(32)).decode())
    args = ["java", "-Xmx256m", "-jar", jar, f"--server.port={port}",
            "--castwire.publish.youtube.enabled=true",
            f"--castwire.publish.youtube.base-url={google.url}",
            f"--castwire.publish.youtube.token-url={google.url}/token",
            f"--castwire.publish.youtube.analytics-url={google.url}",
            "--castwire.publish.youtube.clips=0",
            "--castwire.storage.quota=20GB",
            "--castwire.ingest.max-file-size=2GB",
            "--logging.level.root=WARN"]
    log = open(os.path.join(home, "hub.log"), "w")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health", timeout=2) as r:
                if json.loads(r.read()).get("status") in ("UP", "DEGRADED"):
                    return proc, port
        except Exception:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"castwire exited; see {home}/hub.log")
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("castwire did not become healthy in 180 s")


def baseline(google, path):
    size = os.path.getsize(path)
    session = google.open_session(size)
    subprocess.run(["curl", "-sS", "-o", "/dev/null", "-X", "PUT", "-T", path, "-H", "Content-Type: video/mp4",
                    "-H", f"Content-Range: bytes 0-{size - 1}/{size}", session], check=True)
    sid = session.rsplit("/", 1)[-1]
    s = google.finished()[sid]
    assert s["bytes"] == size, f"curl sent {s['bytes']} of {size} bytes"
    return rate(s)


def chunked(google, path, chunk=8 << 20):
    """A bare client speaking the same protocol as castwire: 8 MiB PUTs on one keep-alive connection."""
    import http.client
    size = os.path.getsize(path)
    session = google.open_session(size)
    target = urllib.parse.urlsplit(session)
    conn = http.client.HTTPConnection(target.hostname, target.port, blocksize=1 << 20)
    with open(path, "rb") as f:
        offset = 0
        while offset < size:
            length = min(chunk, size - offset)
            f.seek(offset)
            conn.request("PUT", target.path, body=Slice(f, length), headers={
                "Content-Length": str(length), "Content-Type": "video/mp4",
                "Content-Range": f"bytes {offset}-{offset + length - 1}/{size}"})
            r = conn.getresponse()
            r.read()
            assert r.status in (200, 201, 308), r.status
            offset += length
    conn.close()
    s = google.finished()[session.rsplit("/", 1)[-1]]
    assert s["bytes"] == size
    return rate(s)


class Slice:
    """length bytes of an open file, read in the client's block size."""

    def __init__(self, f, length):
        self.f, self.left = f, length

    def read(self, n=-1):
        if self.left <= 0:
            return b""
        data = self.f.read(self.left if n < 0 else min(n, self.left))
        self.left -= len(data)
        return data


def castwire(google, home, path, timeout):
    before = set(google.finished())
    inbox = os.path.join(home, "inbox", "bench")
    os.makedirs(inbox, exist_ok=True)
    staged = os.path.join(home, os.path.basename(path))
    shutil.copy(path, staged)
    os.rename(staged, os.path.join(inbox, os.path.basename(path)))
    size = os.path.getsize(path)
    deadline = time.time() + timeout
    while time.time() < deadline:
        new = [s for k, s in google.finished().items() if k not in before and s["total"] == size]
        if new:
            assert new[0]["bytes"] == size, f"castwire sent {new[0]['bytes']} of {size} bytes"
            return rate(new[0])
        time.sleep(0.2)
    raise SystemExit(f"castwire did not upload {path} within {timeout} s; see {home}/hub.log")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=256)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "castwire.jar"))
    a = ap.parse_args()
    if not os.path.exists(a.jar):
        raise SystemExit(f"{a.jar} not found: run mvn -B -DskipTests package first")
    work = tempfile.mkdtemp(prefix="castwire-bench-uploads-")
    home = os.path.join(work, "home")
    os.makedirs(home)
    google = Google()
    source = make_video(work, a.mb)
    size_mb = os.path.getsize(source) / (1 << 20)
    print(f"video: {size_mb:.0f} MiB", flush=True)
    proc, _ = start_hub(a.jar, google, home)
    rows = []
    try:
        for rep in range(1, a.reps + 1):
            path = copy_of(source, work, rep)
            base = baseline(google, path)
            same = chunked(google, path)
            cw = castwire(google, home, path, 600)
            rows.append((rep, base, same, cw, cw / base, cw / same))
            print(f"run {rep}: curl {base:.0f} MB/s, bare chunked client {same:.0f} MB/s, castwire {cw:.0f} MB/s, "
                  f"ratios {cw / base:.2f} / {cw / same:.2f}", flush=True)
            os.remove(path)
    finally:
        proc.terminate()
        proc.wait(60)
    oom = "OutOfMemoryError" in open(os.path.join(home, "hub.log")).read()
    md = [f"# Upload benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores)", "",
          f"A {size_mb:.0f} MiB H.264 video per run, castwire with -Xmx256m; server, curl and castwire on this machine.",
          "", "| run | curl, one PUT (MB/s) | bare client, 8 MiB PUTs (MB/s) | castwire, 8 MiB resumable (MB/s) "
          "| castwire / curl | castwire / bare chunked |", "|---|---|---|---|---|---|"]
    for rep, base, same, cw, r1, r2 in rows:
        md.append(f"| {rep} | {base:.0f} | {same:.0f} | {cw:.0f} | {r1:.2f} | {r2:.2f} |")
    md += ["", f"Median ratios: {statistics.median(r[4] for r in rows):.2f} against curl, "
               f"{statistics.median(r[5] for r in rows):.2f} against the bare chunked client. "
               f"OutOfMemoryError in castwire's log: {'yes' if oom else 'no'}."]
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "uploads-latest.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
