#!/usr/bin/env python3
"""Drop-to-feed benchmark for castwire's processing pipeline.

1. A 10-minute episode (MP3 + SRT) with 3 clip profiles: time from the drop (a rename into the
   inbox) until the episode is PUBLISHED in its feed, against running the same ffmpeg cuts alone
   (the baseline: the work a person would do by hand), in the same session.
2. A 4-hour episode with a 4-hour transcript under -Xmx256m: it must publish, and the heap must
   stay bounded (peak heap from jstat).

Usage: python3 bench/pipeline.py [--jar target/castwire.jar] [--runs 3] [--skip-long]
"""
import argparse
import base64
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date

PASSWORD = "bench-pw"
WORDS = ("money saving budget interest rate bank account habit plan goal result because how "
         "people think about work family travel music science health food energy future").split()
HOOKS = ["Here's the one thing nobody tells you about {w}.", "Why does {w} matter so much?",
         "The secret to {w} is simple.", "Three things about {w} changed everything."]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def srt_time(ms):
    return "%02d:%02d:%02d,%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def write_srt(path, seconds, seed):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        t, n = 0, 1
        while t + 2500 <= seconds * 1000:
            w = rnd.choice(WORDS)
            if rnd.random() < 0.08:
                text = rnd.choice(HOOKS).format(w=w)
            else:
                text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 9))).capitalize() + "."
            f.write("%d\n%s --> %s\n%s\n\n" % (n, srt_time(t), srt_time(t + 2400), text))
            t += 2500
            n += 1


def ffmpeg_binary(jar):
    """The bundled ffmpeg, extracted from the jave jar inside castwire's fat jar."""
    out = os.path.join(tempfile.gettempdir(), "castwire-bench-ffmpeg")
    if not os.path.exists(out):
        import zipfile
        with zipfile.ZipFile(jar) as fat:
            inner = next(n for n in fat.namelist() if "jave-nativebin-linux64" in n)
            with tempfile.TemporaryDirectory() as d:
                fat.extract(inner, d)
                with zipfile.ZipFile(os.path.join(d, inner)) as jave:
                    with jave.open("ws/schild/jave/nativebin/ffmpeg-amd64") as src, open(out + ".tmp", "wb") as dst:
                        shutil.copyfileobj(src, dst)
        os.chmod(out + ".tmp", 0o755)
        os.rename(out + ".tmp", out)
    return out


def make_mp3(ffmpeg, path, seconds, freq):
    subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=%d:duration=%d" % (freq, seconds), "-ac", "1", "-c:a", "libmp3lame",
                    "-b:a", "32k", path], check=True)


class Hub:
    def __init__(self, jar, home, xmx):
        self.port = free_port()
        self.home = home
        self.log = open(home + ".log", "w")
        env = dict(os.environ, CASTWIRE_ADMIN_PASSWORD=PASSWORD)
        self.proc = subprocess.Popen(
            ["java", "-Xmx" + xmx, "-jar", jar, "--server.port=%d" % self.port, "--castwire.home=" + home,
             "--castwire.ingest.settle-time=500ms", "--castwire.ingest.poll-interval=200ms",
             "--castwire.ingest.transcript-wait=1s", "--castwire.processing.outbox-interval=500ms",
             "--castwire.clips.profiles=default,youtube-shorts,linkedin", "--castwire.ffmpeg.timeout=60m"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.url("/actuator/health"), timeout=2).status == 200:
                    return
            except Exception:
                time.sleep(0.3)
        raise SystemExit("castwire did not start; see " + self.log.name)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def get(self, path):
        req = urllib.request.Request(self.url(path))
        req.add_header("Authorization", "Basic " + base64.b64encode(("admin:" + PASSWORD).encode()).decode())
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def heap_used_mb(pid):
    try:
        out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True, timeout=5).stdout.split("\n")
        cols = dict(zip(out[0].split(), out[1].split()))
        used = sum(float(cols[k]) for k in ("S0U", "S1U", "EU", "OU") if k in cols)
        return used / 1024
    except Exception:
        return None


def drop_and_wait(hub, show, staging_files, expect_clips, timeout, sample_heap=False):
    inbox = os.path.join(hub.home, "inbox")
    os.makedirs(inbox, exist_ok=True)
    start = time.time()
    os.rename(staging_files, os.path.join(inbox, show))  # every file appears at once
    heap = []
    while time.time() - start < timeout:
        if sample_heap:
            h = heap_used_mb(hub.proc.pid)
            if h:
                heap.append(h)
        items = hub.get("/api/episodes?show=" + show)["items"]
        if items and items[0]["state"] in ("PUBLISHED", "FAILED"):
            elapsed = time.time() - start
            detail = hub.get("/api/episodes/%d" % items[0]["id"])
            if items[0]["state"] != "PUBLISHED" or (expect_clips and not detail["clips"]):
                raise SystemExit("episode did not publish with clips: %s" % json.dumps(detail)[:2000])
            return elapsed, detail, heap
        time.sleep(0.1)
    raise SystemExit("timed out waiting for %s; see %s" % (show, hub.log.name))


def ffmpeg_cuts_alone(ffmpeg, media, clips, workdir):
    start = time.time()
    for i, c in enumerate(clips):
        out = os.path.join(workdir, "cut-%d.mp3" % i)
        subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-y", "-v", "error", "-protocol_whitelist", "file",
                        "-ss", "%.3f" % (c["startMs"] / 1000), "-i", "file:" + media,
                        "-t", "%.3f" % ((c["endMs"] - c["startMs"]) / 1000), "-map", "0:a?", "-vn", "-c:a", "copy",
                        "file:" + out], check=True)
    return time.time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default="target/castwire.jar")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-long", action="store_true")
    args = ap.parse_args()
    jar = os.path.abspath(args.jar)
    ffmpeg = ffmpeg_binary(jar)
    root = tempfile.mkdtemp(prefix="castwire-pipeline-")
    results = {"date": str(date.today()), "cpus": os.cpu_count(), "runs": []}
    try:
        hub = Hub(jar, os.path.join(root, "home"), "512m")
        try:
            for run in range(args.runs):
                show = "bench-%d" % run
                stage = os.path.join(root, "stage-" + show)
                os.makedirs(stage)
                media = os.path.join(stage, "ep.mp3")
                make_mp3(ffmpeg, media, 600, 300 + run)
                write_srt(os.path.join(stage, "ep.srt"), 600, run)
                size = os.path.getsize(media)
                latency, detail, _ = drop_and_wait(hub, show, stage, True, 300)
                source = os.path.join(hub.home, "media", show)
                original = next(os.path.join(d, f) for d, _, fs in os.walk(source) for f in fs
                                if f.endswith(".mp3") and "/clips/" not in os.path.join(d, f))
                with tempfile.TemporaryDirectory() as cuts:
                    alone = ffmpeg_cuts_alone(ffmpeg, original, detail["clips"], cuts)
                results["runs"].append({"run": run, "latency_s": round(latency, 2), "clips": len(detail["clips"]),
                                        "ffmpeg_cuts_alone_s": round(alone, 3), "mp3_bytes": size,
                                        "ratio": round(latency / alone, 1)})
                print("run %d: drop-to-feed %.2f s, %d clips, the same cuts alone %.3f s" %
                      (run, latency, len(detail["clips"]), alone), flush=True)
        finally:
            hub.stop()
        if not args.skip_long:
            hub = Hub(jar, os.path.join(root, "home-long"), "256m")
            try:
                stage = os.path.join(root, "stage-long")
                os.makedirs(stage)
                t0 = time.time()
                make_mp3(ffmpeg, os.path.join(stage, "long.mp3"), 4 * 3600, 220)
                write_srt(os.path.join(stage, "long.srt"), 4 * 3600, 99)
                gen = time.time() - t0
                latency, detail, heap = drop_and_wait(hub, "long-show", stage, True, 1800, sample_heap=True)
                results["long"] = {"hours": 4, "latency_s": round(latency, 1), "clips": len(detail["clips"]),
                                   "segments": detail["transcriptSegments"],
                                   "peak_heap_mb": round(max(heap), 1) if heap else None, "xmx": "256m",
                                   "generation_s": round(gen, 1)}
                print("4-hour episode: published in %.1f s with %d clips, %d segments, peak heap %s MB (-Xmx256m)" %
                      (latency, len(detail["clips"]), detail["transcriptSegments"],
                       results["long"]["peak_heap_mb"]), flush=True)
            finally:
                hub.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    lat = statistics.median(r["latency_s"] for r in results["runs"])
    alone = statistics.median(r["ffmpeg_cuts_alone_s"] for r in results["runs"])
    results["median"] = {"latency_s": lat, "ffmpeg_cuts_alone_s": alone, "ratio": round(lat / alone, 1)}
    os.makedirs("bench/results", exist_ok=True)
    with open("bench/results/pipeline-latest.json", "w") as f:
        json.dump(results, f, indent=2)
    print(json.dumps(results["median"]))


if __name__ == "__main__":
    sys.exit(main())
