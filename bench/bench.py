#!/usr/bin/env python3
"""Watched-folder ingest benchmark for castwire. Called by bench/run.sh; see bench/README.md.

One session measures, in this order and with the same clock and completion test:

  baseline small, castwire small, baseline large, castwire large   (x --reps)
  baseline 1 GB,  castwire 1 GB                                      (heap test)
  baseline small, castwire small after --catalog filler episodes     (catalog test)

"baseline" is bench/BareFileRoute.java, a bare Camel file->file route with castwire's polling and
read-lock settings. Both JVMs run with the same -Xmx and stay up for the whole session; each is
warmed up before the first measured batch. A batch is prepared in a staging folder on the same
file system, its files are given a modification time in the past (so the settle check passes at
once on both sides), and the folder is renamed into the watched folder: the clock starts at the
rename and stops when no file is left in the watched folder (polled every 50 ms). A file leaves
castwire's inbox only after it is hashed, probed, registered and moved into the store; it leaves
the baseline's folder only after it was copied to the output folder.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BYTES_PER_SECOND_WAV = 48000 * 2 * 2  # 48 kHz, stereo, 16 bit
SMALL_BASES = 10
POLL = 0.05


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# inputs


def id3v2_tag(text: str) -> bytes:
    """A minimal ID3v2.3 tag with one TXXX frame: makes each copy of an MP3 unique bytes."""
    body = b"\x00" + b"castwire-bench\x00" + text.encode("ascii")
    frame = b"TXXX" + struct.pack(">I", len(body)) + b"\x00\x00" + body
    n = len(frame)
    size = bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])
    return b"ID3\x03\x00\x00" + size + frame


def ffmpeg_gen(ffmpeg: str, out: Path, args: list[str]) -> None:
    tmp = out.with_name(out.name + ".tmp" + out.suffix)
    subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args, str(tmp)], check=True)
    tmp.rename(out)


def generate_sources(src: Path, ffmpeg: str, large_mb: int, huge_mb: int) -> dict:
    """Base media, generated once per work dir: 10 short MP3s, one WAV per large file, one huge WAV."""
    src.mkdir(parents=True, exist_ok=True)
    bases = []
    for i in range(SMALL_BASES):
        p = src / f"base-{i}.mp3"
        if not p.exists():
            ffmpeg_gen(ffmpeg, p, ["-f", "lavfi", "-i", f"sine=frequency={330 + 55 * i}:duration={1.6 + 0.1 * i:.1f}",
                                   "-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "0"])
        bases.append(p)
    warm = src / "warm.wav"
    if not warm.exists():
        ffmpeg_gen(ffmpeg, warm, ["-f", "lavfi", "-i", "sine=frequency=1234:duration=55:sample_rate=48000",
                                  "-ac", "2", "-c:a", "pcm_s16le"])
    large = src / "large.wav"
    large_s = large_mb * 1024 * 1024 / BYTES_PER_SECOND_WAV
    if not large.exists() or abs(large.stat().st_size - large_mb * 1024 * 1024) > 1024 * 1024:
        ffmpeg_gen(ffmpeg, large, ["-f", "lavfi", "-i", f"sine=frequency=300:duration={large_s:.3f}:sample_rate=48000",
                                   "-ac", "2", "-c:a", "pcm_s16le"])
    huge = src / "huge.wav"
    huge_s = huge_mb * 1024 * 1024 / BYTES_PER_SECOND_WAV
    if huge_mb > 0 and (not huge.exists() or abs(huge.stat().st_size - huge_mb * 1024 * 1024) > 1024 * 1024):
        ffmpeg_gen(ffmpeg, huge, ["-f", "lavfi", "-i", f"sine=frequency=777:duration={huge_s:.3f}:sample_rate=48000",
                                  "-ac", "2", "-c:a", "pcm_s16le"])
    return {"bases": [b.read_bytes() for b in bases], "warm": warm, "large": large, "huge": huge}


def unique_copy(source: Path, target: Path, tag: str) -> None:
    """Streams a WAV copy and overwrites its last 32 bytes (audio samples) with a unique tag."""
    shutil.copyfile(source, target)
    stamp = tag.encode("ascii")[:32].ljust(32, b"\x00")
    with open(target, "r+b") as f:
        f.seek(-32, os.SEEK_END)
        f.write(stamp)


def stage_small(staging: Path, bases: list[bytes], count: int, tag: str, prefix: str) -> int:
    staging.mkdir(parents=True)
    total = 0
    for i in range(count):
        data = id3v2_tag(f"{tag}-{i:05d}") + bases[i % len(bases)]
        (staging / f"{prefix}-{i:05d}.mp3").write_bytes(data)
        total += len(data)
    return total


def stage_wavs(staging: Path, source: Path, count: int, tag: str, prefix: str) -> int:
    staging.mkdir(parents=True)
    total = 0
    for i in range(count):
        target = staging / f"{prefix}-{i + 1}.wav"
        unique_copy(source, target, f"{tag}-{i}")
        total += target.stat().st_size
    return total


def age(staging: Path, seconds: float = 30) -> None:
    """Puts every file's modification time in the past: both sides see settled files at once."""
    then = time.time() - seconds
    for p in staging.rglob("*"):
        os.utime(p, (then, then))


def count_files(root: Path) -> int:
    """Regular files below root, skipping dot-files and dot-folders (castwire and Camel skip them too)."""
    n = 0
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                for e in it:
                    if e.name.startswith("."):
                        continue
                    if e.is_dir(follow_symlinks=False):
                        stack.append(Path(e.path))
                    elif e.is_file(follow_symlinks=False):
                        n += 1
        except FileNotFoundError:
            pass
    return n


# ---------------------------------------------------------------------------------------------
# process observation


def proc_cpu_seconds(pid: int) -> float:
    """utime+stime of the process plus its waited-for children (castwire's ffmpeg runs)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def proc_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def system_busy_s() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat), for the load check."""
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = f
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_s(pids: list[int]) -> float:
    """CPU seconds of the benchmark itself: both JVMs (with their ffmpeg runs), jstat, this script."""
    total = 0.0
    for pid in pids:
        try:
            total += proc_cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    t = os.times()
    return total + t.user + t.system + t.children_user + t.children_system


class LoadMeter:
    """Cores kept busy by processes that are not part of the benchmark (e.g. a build running on
    the same machine) over a time span: all busy CPU time minus the benchmark's own."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.start()

    def start(self) -> None:
        self.t0, self.busy0, self.own0 = time.perf_counter(), system_busy_s(), own_cpu_s(self.pids)

    def foreign_cores(self) -> float:
        span = max(time.perf_counter() - self.t0, 1e-3)
        return max(0.0, (system_busy_s() - self.busy0) - (own_cpu_s(self.pids) - self.own0)) / span


QUIET_CORES = 0.10   # wait for the machine to be this quiet before a batch
NOISY_CORES = 0.25   # a batch during which other processes used more than this is measured again


def wait_quiet(pids: list[int], max_wait: float) -> float:
    """Waits until other processes use under QUIET_CORES for two 1-second windows in a row."""
    start = time.monotonic()
    calm = 0
    while time.monotonic() - start < max_wait:
        meter = LoadMeter(pids)
        time.sleep(1.0)
        calm = calm + 1 if meter.foreign_cores() < QUIET_CORES else 0
        if calm >= 2:
            break
    waited = time.monotonic() - start
    if waited > 3:
        log(f"waited {waited:.0f} s for other processes on this machine to go quiet"
            + ("" if calm >= 2 else " (gave up; the next batch may be noisy)"))
    return waited


class HeapSampler:
    """Samples heap occupancy with `jstat -gc <pid> 100` while a batch runs."""

    def __init__(self, pid: int, interval_ms: int = 100):
        self.pid = pid
        self.samples: list[tuple[float, float, float]] = []  # (used MB, old MB, committed MB)
        self.proc = subprocess.Popen(["jstat", "-gc", str(pid), str(interval_ms)], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def wait_first(self, timeout: float = 10) -> None:
        end = time.monotonic() + timeout
        while not self.samples and time.monotonic() < end and self.proc.poll() is None:
            time.sleep(0.05)

    def _read(self) -> None:
        header = None
        for line in self.proc.stdout:
            cols = line.split()
            if not cols:
                continue
            if cols[0] == "S0C":
                header = cols
                continue
            if header is None or len(cols) != len(header):
                continue
            try:
                v = dict(zip(header, (float(c) for c in cols)))
            except ValueError:
                continue
            used = (v["S0U"] + v["S1U"] + v["EU"] + v["OU"]) / 1024
            committed = (v["S0C"] + v["S1C"] + v["EC"] + v["OC"]) / 1024
            self.samples.append((used, v["OU"] / 1024, committed))

    def stop(self) -> dict:
        time.sleep(0.3)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.thread.join(timeout=5)
        if not self.samples:
            return {"samples": 0}
        return {"samples": len(self.samples), "peak_used_mb": max(s[0] for s in self.samples),
                "peak_old_mb": max(s[1] for s in self.samples), "peak_committed_mb": max(s[2] for s in self.samples)}


def gc_summary(path: Path) -> str:
    """Heap before/after GC over a whole JVM session, from its -Xlog:gc file."""
    import re
    young_after, before, humongous, full = 0, 0, 0, 0
    for line in path.read_text(errors="replace").splitlines():
        m = re.search(r"Pause (\w+).* (\d+)M->(\d+)M\(\d+M\)", line)
        if not m:
            continue
        before = max(before, int(m.group(2)))
        if m.group(1) == "Young":
            young_after = max(young_after, int(m.group(3)))
        if "Humongous" in line:
            humongous += 1
        if m.group(1) == "Full" and "Diagnostic" not in line:
            full += 1
    return (f"largest heap before a GC {before} MB, largest heap after a young GC {young_after} MB, "
            f"{humongous} GCs started by a humongous allocation, {full} full GCs other than the harness's own")


def live_heap_mb(pid: int) -> float | None:
    """Heap used right after a full GC (jcmd GC.run): the live set, independent of GC timing."""
    try:
        subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True,
                             timeout=60).stdout
    except (subprocess.SubprocessError, OSError):
        return None
    for line in out.splitlines():
        if "used" in line and "total" in line:
            # " garbage-first heap   total 262144K, used 51234K [..."
            part = line.split("used", 1)[1].strip().split()[0].rstrip(",")
            if part.endswith("K"):
                return int(part[:-1]) / 1024
    return None


# ---------------------------------------------------------------------------------------------
# the two systems under test


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Castwire:
    SHOW_PREFIX = "bench"

    def __init__(self, jar: str, home: Path, xmx: str, settle_ms: int, poll_ms: int, concurrency: int, log_path: Path):
        self.home = home
        self.port = free_port()
        self.password = secrets.token_urlsafe(18)
        env = dict(os.environ, CASTWIRE_ADMIN_PASSWORD=self.password)
        for key in ("CASTWIRE_DB_URL", "CASTWIRE_DB_USER", "CASTWIRE_DB_PASSWORD", "CASTWIRE_HOME"):
            env.pop(key, None)  # always the embedded H2 database below the benchmark's own home
        self.cmd = ["java", f"-Xmx{xmx}", f"-Xlog:gc:file={log_path.with_suffix('.gc.log')}:uptime", "-jar", jar, f"--server.port={self.port}", f"--castwire.home={home}",
                    f"--castwire.ingest.settle-time={settle_ms}ms", f"--castwire.ingest.poll-interval={poll_ms}ms",
                    f"--castwire.ingest.concurrency={concurrency}", "--castwire.ingest.max-file-size=2GB"]
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(self.cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid
        self.auth = "Basic " + base64.b64encode(f"admin:{self.password}".encode()).decode()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, auth: bool = True):
        req = urllib.request.Request(self.url(path))
        if auth:
            req.add_header("Authorization", self.auth)
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")

    def wait_ready(self, timeout: float = 120) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"castwire exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, _ = self.get("/actuator/health", auth=False)
                if status == 200:
                    return time.monotonic() - start
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise SystemExit(f"castwire not healthy after {timeout} s; see {self.log_path}")

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    def stats(self) -> dict:
        return self.get("/api/queue/stats")[1]

    def episode_count(self) -> int:
        return sum(self.stats()["episodesByState"].values())

    def quarantined_files(self) -> int:
        return count_files(self.home / "quarantine")

    def wait_idle(self, timeout: float = 300) -> float:
        """Waits until nothing is RECEIVED or PROCESSING (processing starts after transcript-wait)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            s = self.stats()
            by = s["episodesByState"]
            if by.get("RECEIVED", 0) == 0 and by.get("PROCESSING", 0) == 0 and not s.get("queuedInMemory"):
                return time.monotonic() - start
            time.sleep(2)
        log(f"castwire still busy after {timeout} s: {self.stats()}")
        return time.monotonic() - start

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


class Baseline:
    def __init__(self, cp: str, source: Path, root: Path, xmx: str, settle_ms: int, poll_ms: int, log_path: Path,
                 logback: Path):
        self.root = root
        self.cmd = ["java", f"-Xmx{xmx}", f"-Xlog:gc:file={log_path.with_suffix('.gc.log')}:uptime",
                    f"-Dlogback.configurationFile={logback}", "-cp", cp, str(source),
                    str(root / "in"), str(root / "out"), str(settle_ms), str(poll_ms)]
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.PIPE,
                                     text=True)
        self.pid = self.proc.pid
        self.ready = threading.Event()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.log.write(line)
            self.log.flush()
            if line.startswith("READY"):
                self.ready.set()

    def wait_ready(self, timeout: float = 120) -> float:
        start = time.monotonic()
        while not self.ready.wait(0.2):
            if self.proc.poll() is not None:
                raise SystemExit(f"baseline exited with {self.proc.returncode}; see {self.log_path}")
            if time.monotonic() - start > timeout:
                raise SystemExit(f"baseline not ready after {timeout} s; see {self.log_path}")
        return time.monotonic() - start

    @property
    def inbox(self) -> Path:
        return self.root / "in"

    def clear(self) -> None:
        """Removes the copies and the consumed originals of the last batch (outside the clock)."""
        for d in (self.root / "out", self.root / "in"):
            for child in d.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def fill_catalog(cp: str, home: Path, episodes: int) -> float:
    """Adds published filler episodes to a stopped castwire's embedded H2 database, as a hub that
    has been running for a while would have. Returns the seconds it took."""
    h2 = next((j for j in cp.split(":") if Path(j).name.startswith("h2-") and j.endswith(".jar")), None)
    if h2 is None:
        raise SystemExit("no h2 jar on the classpath; cannot fill the catalog (use --catalog 0)")
    url = f"jdbc:h2:file:{home}/db/castwire;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
    show = "bench-catalog-filler"
    sql = [
        f"INSERT INTO shows (slug, created_at) VALUES ('{show}', CURRENT_TIMESTAMP)",
        "INSERT INTO episodes (show_id, source_name, base_name, version, state, content_hash, size_bytes, media_path, "
        "media_kind, process_after, created_at, updated_at) "
        f"SELECT (SELECT id FROM shows WHERE slug = '{show}'), 'filler-' || \"X\" || '.mp3', 'filler-' || \"X\", 1, "
        "'PUBLISHED', LPAD(CAST(\"X\" AS VARCHAR), 64, '0'), 1000, "
        f"'media/{show}/' || \"X\" || '.mp3', 'AUDIO', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
        f"FROM SYSTEM_RANGE(1, {episodes})",
    ]
    start = time.monotonic()
    for statement in sql:
        subprocess.run(["java", "-cp", h2, "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", "",
                        "-sql", statement], check=True, capture_output=True, text=True)
    return time.monotonic() - start


# ---------------------------------------------------------------------------------------------
# one measured batch


def drop_and_wait(staging: Path, watched: Path, folder: str, expected: int, pid: int, timeout: float,
                  sample_heap: bool, own_pids: list[int]) -> dict:
    target = watched / folder
    assert not target.exists(), target
    sampler = HeapSampler(pid) if sample_heap else None
    if sampler:
        sampler.wait_first()  # jstat is itself a JVM: let it start before the clock does
    meter = LoadMeter(own_pids + ([sampler.proc.pid] if sampler else []))
    cpu0 = proc_cpu_seconds(pid)
    t0 = time.perf_counter()
    os.rename(staging, target)
    left = expected
    while True:
        left = count_files(watched)
        if left == 0:
            break
        if time.perf_counter() - t0 > timeout:
            break
        time.sleep(POLL)
    seconds = time.perf_counter() - t0
    cpu = proc_cpu_seconds(pid) - cpu0
    foreign = meter.foreign_cores()
    heap = sampler.stop() if sampler else {}
    return {"seconds": seconds, "left": left, "cpu_s": cpu, "foreign_cores": foreign, **heap}


def run_batch(kind: str, side: str, system, work: Path, inputs: dict, count: int, tag: str, timeout: float,
              sample_heap: bool, own_pids: list[int]) -> dict:
    staging = work / "staging" / f"{side}-{tag}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    if kind == "small":
        nbytes = stage_small(staging, inputs["bases"], count, f"{side}-{tag}", "ep")
    elif kind == "large":
        nbytes = stage_wavs(staging, inputs["large"], count, f"{side}-{tag}", "large")
    elif kind == "huge":
        nbytes = stage_wavs(staging, inputs["huge"], count, f"{side}-{tag}", "huge")
    else:
        raise ValueError(kind)
    age(staging)
    os.sync()
    before = system.episode_count() if side == "castwire" else 0
    q_before = system.quarantined_files() if side == "castwire" else 0
    folder = f"{Castwire.SHOW_PREFIX}-{tag}" if side == "castwire" else tag
    result = drop_and_wait(staging, system.inbox, folder, count, system.pid, timeout, sample_heap, own_pids)
    result.update(kind=kind, side=side, tag=tag, files=count, bytes=nbytes)
    if side == "castwire":
        result["registered"] = system.episode_count() - before
        result["quarantined"] = system.quarantined_files() - q_before
        ok = result["left"] == 0 and result["registered"] == count and result["quarantined"] == 0
    else:
        result["registered"] = count_files(system.root / "out")
        result["quarantined"] = 0
        ok = result["left"] == 0 and result["registered"] == count
    result["ok"] = ok
    result["files_per_s"] = count / result["seconds"]
    result["mb_per_s"] = nbytes / 1e6 / result["seconds"]
    log(f"{side:8s} {kind:5s} {tag:8s} {count:5d} files {nbytes / 1e6:9.1f} MB in {result['seconds']:7.2f} s "
        f"= {result['files_per_s']:8.1f} files/s {result['mb_per_s']:8.1f} MB/s, cpu {result['cpu_s']:.1f} s, "
        f"other load {result['foreign_cores']:.2f} cores"
        + (f", peak heap {result['peak_used_mb']:.0f} MB" if "peak_used_mb" in result else "")
        + ("" if ok else f"  !! left={result['left']} registered={result['registered']} quarantined={result['quarantined']}"))
    return result


# ---------------------------------------------------------------------------------------------
# report


def median(values):
    return statistics.median(values) if values else float("nan")


def summarize(results: list[dict]) -> list[dict]:
    rows = []
    for kind in ("small", "large", "huge", "catalog"):
        every_b = [r for r in results if r["kind"] == kind and r["side"] == "baseline"]
        every_c = [r for r in results if r["kind"] == kind and r["side"] == "castwire"]
        b = [r for r in every_b if not r.get("discarded")]
        c = [r for r in every_c if not r.get("discarded")]
        if not b or not c:
            continue
        bs, cs = median([r["seconds"] for r in b]), median([r["seconds"] for r in c])
        # each castwire batch against the baseline batch measured just before it
        pairs = [cr["seconds"] / br["seconds"] for br, cr in zip(b, c)]
        rows.append({
            "kind": kind, "files": c[0]["files"], "mb": c[0]["bytes"] / 1e6, "runs": len(c),
            "b_s": bs, "c_s": cs,
            "b_fps": b[0]["files"] / bs, "c_fps": c[0]["files"] / cs,
            "b_mbps": b[0]["bytes"] / 1e6 / bs, "c_mbps": c[0]["bytes"] / 1e6 / cs,
            "time_ratio": cs / bs, "tput_ratio": bs / cs,
            "pair_min": min(pairs), "pair_max": max(pairs),
            "b_cpu": median([r["cpu_s"] for r in b]), "c_cpu": median([r["cpu_s"] for r in c]),
            "b_cpu_ms": median([r["cpu_s"] for r in b]) * 1000 / b[0]["files"],
            "c_cpu_ms": median([r["cpu_s"] for r in c]) * 1000 / c[0]["files"],
            "b_peak": max((r.get("peak_used_mb", 0) for r in every_b), default=0),
            "c_peak": max((r.get("peak_used_mb", 0) for r in every_c), default=0),
            "c_peak_old": max((r.get("peak_old_mb", 0) for r in every_c), default=0),
            "c_live": max((r.get("live_mb") or 0 for r in every_c), default=0),
            "noisy": any(r.get("noisy") for r in b + c),
            "ok": all(r["ok"] for r in every_b + every_c),
        })
    return rows


LABELS = {"small": "small MP3", "large": "large WAV", "huge": "huge WAV", "catalog": "small MP3, big catalog"}


def report(meta: dict, results: list[dict]) -> str:
    rows = summarize(results)
    out = [f"# castwire watched-folder ingest benchmark, {meta['date']}", ""]
    out.append(f"- machine: {meta['machine']}")
    out.append(f"- java: {meta['java']}")
    out.append(f"- castwire jar: `{meta['jar']}`; both JVMs `-Xmx{meta['xmx']}`; settle {meta['settle_ms']} ms, "
               f"poll {meta['poll_ms']} ms, castwire ingest concurrency {meta['concurrency']}")
    out.append(f"- runs per batch: {meta['reps']} (medians shown); castwire startup to healthy: "
               f"{meta['castwire_start_s']:.1f} s; session wall time: {meta['wall_s'] / 60:.1f} min")
    out.append(f"- a batch during which other processes kept more than {NOISY_CORES} cores busy was measured again "
               f"and the noisy attempt discarded (see 'Every run')")
    out.append("")
    out.append("## Throughput (castwire vs bare Camel file->file route, same session)")
    out.append("")
    out.append("| batch | files | MB | baseline s | castwire s | baseline files/s | castwire files/s "
               "| baseline MB/s | castwire MB/s | time ratio cw/base (range over runs) | throughput ratio cw/base |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rng = f" ({r['pair_min']:.2f}-{r['pair_max']:.2f})" if r["runs"] > 1 else ""
        out.append(f"| {LABELS[r['kind']]}{' (noisy)' if r['noisy'] else ''} | {r['files']} | {r['mb']:.1f} "
                   f"| {r['b_s']:.2f} | {r['c_s']:.2f} | {r['b_fps']:.1f} | {r['c_fps']:.1f} | {r['b_mbps']:.1f} "
                   f"| {r['c_mbps']:.1f} | {r['time_ratio']:.2f}x{rng} | {r['tput_ratio']:.2f} |")
    out.append("")
    out.append("MB = 10^6 bytes. Time ratio > 1 means castwire took longer than the baseline; the throughput ratio is "
               "its inverse (castwire files/s / baseline files/s, the same for MB/s). The range is each castwire run "
               "against the baseline run just before it.")
    out.append("")
    out.append("## CPU and heap per batch (median CPU; peak heap over all runs)")
    out.append("")
    out.append("| batch | baseline CPU s | castwire CPU s (incl. ffmpeg) | baseline CPU ms/file | castwire CPU ms/file "
               "| baseline peak heap MB | castwire peak heap MB | castwire peak old gen MB | castwire live heap after batch MB |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        out.append(f"| {LABELS[r['kind']]} | {r['b_cpu']:.1f} | {r['c_cpu']:.1f} | {r['b_cpu_ms']:.1f} | {r['c_cpu_ms']:.1f} "
                   f"| {r['b_peak']:.0f} | {r['c_peak']:.0f} | {r['c_peak_old']:.0f} | {r['c_live']:.0f} |")
    out.append("")
    if meta.get("catalog_episodes"):
        out.append(f"'small MP3, big catalog': the same kind of small files, after castwire was stopped, "
                   f"given filler episodes in its database and restarted ({meta['catalog_episodes']:,} episodes "
                   f"after the batch).")
        out.append("")
    out.append("## Heap test: one huge file")
    out.append("")
    for line in meta.get("heap_test", []):
        out.append(f"- {line}")
    out.append("")
    out.append("## Every run")
    out.append("")
    out.append("| # | side | batch | files | MB | s | files/s | MB/s | CPU s | other load (cores) | peak heap MB | used | ok |")
    out.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for i, r in enumerate(results, 1):
        out.append(f"| {i} | {r['side']} | {r['kind']} {r['tag']} | {r['files']} | {r['bytes'] / 1e6:.1f} "
                   f"| {r['seconds']:.2f} | {r['files_per_s']:.1f} | {r['mb_per_s']:.1f} | {r['cpu_s']:.1f} "
                   f"| {r['foreign_cores']:.2f} | {r.get('peak_used_mb', float('nan')):.0f} "
                   f"| {'discarded (noisy)' if r.get('discarded') else 'yes'} | {'yes' if r['ok'] else 'NO'} |")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--cp", required=True, help="file holding the colon-separated runtime classpath")
    ap.add_argument("--ffmpeg", required=True)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--bench-dir", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=5)
    ap.add_argument("--large-mb", type=int, default=100, help="MiB per large file")
    ap.add_argument("--huge-mb", type=int, default=1024, help="MiB of the heap-test file; 0 skips it")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--xmx", default="256m")
    ap.add_argument("--settle-ms", type=int, default=500)
    ap.add_argument("--poll-ms", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=600, help="seconds per batch")
    ap.add_argument("--catalog", type=int, default=100000,
                    help="then measure small files into the hub holding this many more episodes (H2 only; 0 skips)")
    ap.add_argument("--catalog-files", type=int, default=200, help="small files for the catalog test")
    ap.add_argument("--retries", type=int, default=2, help="extra attempts for a batch disturbed by other load")
    ap.add_argument("--quiet-wait", type=float, default=30, help="max seconds to wait for a quiet machine per batch")
    args = ap.parse_args()

    wall0 = time.monotonic()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    cp = Path(args.cp).read_text().strip()
    log(f"generating inputs in {work / 'src'}")
    t = time.monotonic()
    inputs = generate_sources(work / "src", args.ffmpeg, args.large_mb, args.huge_mb)
    log(f"inputs ready in {time.monotonic() - t:.1f} s")

    for d in ("castwire-home", "baseline", "staging"):
        if (work / d).exists():
            shutil.rmtree(work / d)
    logs = args.out.parent
    logs.mkdir(parents=True, exist_ok=True)
    # this session's logs only (the JVM would keep a previous GC log as .0, .1, ...)
    for old in [*logs.glob("*.gc.log*"), *(logs / n for n in ("castwire.log", "castwire-catalog.log", "baseline.log"))]:
        if old.exists():
            old.unlink()

    log("starting castwire and the baseline route")
    cw = Castwire(args.jar, work / "castwire-home", args.xmx, args.settle_ms, args.poll_ms, args.concurrency,
                  logs / "castwire.log")
    base = Baseline(cp, args.bench_dir / "BareFileRoute.java", work / "baseline", args.xmx, args.settle_ms,
                    args.poll_ms, logs / "baseline.log", args.bench_dir / "logback-bench.xml")
    results: list[dict] = []
    heap_test: list[str] = []
    meta_catalog = 0
    try:
        cw_start = cw.wait_ready()
        base.wait_ready()
        log(f"castwire healthy after {cw_start:.1f} s (pid {cw.pid}), baseline ready (pid {base.pid})")

        own = [cw.pid, base.pid]

        def measured(kind: str, side: str, n: int, tag: str, source: dict = inputs, counted: bool = True,
                     label: str | None = None) -> dict:
            """One batch; measured again (new content, up to --retries times) when other processes
            on the machine used more than NOISY_CORES meanwhile."""
            system = cw if side == "castwire" else base
            attempts = []
            for attempt in range(args.retries + 1 if counted else 1):
                wait_quiet(own, args.quiet_wait)
                r = run_batch(kind, side, system, work, source, n, tag if attempt == 0 else f"{tag}r{attempt}",
                              args.timeout, counted, own)
                if side == "castwire":
                    r["processing_tail_s"] = cw.wait_idle()
                    r["live_mb"] = live_heap_mb(cw.pid) if counted else None
                else:
                    base.clear()
                if label:
                    r["kind"] = label
                attempts.append(r)
                if r["foreign_cores"] <= NOISY_CORES:
                    break
                if counted:
                    log(f"other processes used {r['foreign_cores']:.2f} cores during that batch: "
                        + ("measuring it again" if attempt < args.retries else "no retries left, keeping the quietest"))
            best = min(attempts, key=lambda a: a["foreign_cores"])
            for a in attempts:
                a["discarded"] = a is not best
                a["noisy"] = a["foreign_cores"] > NOISY_CORES
            if counted:
                results.extend(attempts)
            return best

        # warm-up, not counted: JIT, the ffmpeg extraction, the database, page cache of the sources
        warm_wav = {**inputs, "large": inputs["warm"]}
        measured("small", "baseline", 50, "warm", counted=False)
        measured("small", "castwire", 50, "warm", counted=False)
        measured("large", "baseline", 2, "warmw", warm_wav, counted=False)
        measured("large", "castwire", 2, "warmw", warm_wav, counted=False)

        for rep in range(1, args.reps + 1):
            for kind, n in (("small", args.small), ("large", args.large)):
                measured(kind, "baseline", n, f"{kind}{rep}")
                measured(kind, "castwire", n, f"{kind}{rep}")

        if args.huge_mb > 0:
            b = measured("huge", "baseline", 1, "huge")
            live_before = live_heap_mb(cw.pid)
            r = measured("huge", "castwire", 1, "huge")
            alive = cw.proc.poll() is None
            episodes = cw.get(f"/api/episodes?show=bench-{r['tag']}&limit=5")[1] if alive else None
            items = (episodes or {}).get("items") or []
            ep = items[0] if items else {}
            oom = "OutOfMemoryError" in (logs / "castwire.log").read_text(errors="replace")
            heap_test += [
                f"file: {r['bytes']:,} bytes ({r['bytes'] / 2**30:.2f} GiB) WAV, castwire `-Xmx{args.xmx}`, "
                f"`--castwire.ingest.max-file-size=2GB`",
                f"ingested in {r['seconds']:.2f} s ({r['mb_per_s']:.1f} MB/s); baseline copied it in "
                f"{b['seconds']:.2f} s ({b['mb_per_s']:.1f} MB/s)",
                f"registered: episode {ep.get('id')} state {ep.get('state')} sizeBytes {ep.get('sizeBytes')} "
                f"({'matches' if ep.get('sizeBytes') == r['bytes'] else 'DOES NOT match'} the file); "
                f"quarantined: {r['quarantined']}",
                f"castwire heap during the ingest (jstat every 100 ms, {r.get('samples', 0)} samples): "
                f"peak used {r.get('peak_used_mb', float('nan')):.0f} MB, peak old gen "
                f"{r.get('peak_old_mb', float('nan')):.0f} MB, peak committed {r.get('peak_committed_mb', float('nan')):.0f} MB "
                f"of {args.xmx}",
                f"castwire live heap (after a full GC): {live_before or float('nan'):.0f} MB before the file, "
                f"{r['live_mb'] or float('nan'):.0f} MB after it",
                f"castwire process alive afterwards: {'yes' if alive else 'NO'}; OutOfMemoryError in its log: "
                f"{'YES' if oom else 'no'}; peak RSS of the castwire JVM over the whole session: "
                f"{proc_hwm_mb(cw.pid):.0f} MB",
                f"castwire GC log over the whole session (`results/castwire.gc.log`): "
                f"{gc_summary(logs / 'castwire.gc.log')}",
            ]
            for line in heap_test:
                log(line)

        if args.catalog > 0:
            # the same small files, but into a hub that already holds many episodes
            log(f"catalog test: stopping castwire to add {args.catalog:,} published episodes to its database")
            cw.stop()
            try:
                took = fill_catalog(cp, work / "castwire-home", args.catalog)
            except subprocess.CalledProcessError as e:
                took = None
                log(f"could not add the filler episodes (schema changed?), skipping the catalog test: "
                    f"{(e.stdout or '').strip()[-300:]}")
            cw = Castwire(args.jar, work / "castwire-home", args.xmx, args.settle_ms, args.poll_ms, args.concurrency,
                          logs / "castwire-catalog.log")
            cw.wait_ready()
            own[0] = cw.pid
            if took is not None:
                log(f"added them in {took:.0f} s; castwire restarted (pid {cw.pid}) with {cw.episode_count():,} episodes")
                measured("small", "castwire", 50, "catwarm", counted=False)
                measured("small", "baseline", args.catalog_files, "catalog", label="catalog")
                measured("small", "castwire", args.catalog_files, "catalog", label="catalog")
                meta_catalog = cw.episode_count()
    finally:
        base.stop()
        cw.stop()

    meta = {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
                   f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB RAM, "
                   f"{platform.system()} {platform.release()}",
        "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
        "jar": args.jar, "xmx": args.xmx, "settle_ms": args.settle_ms, "poll_ms": args.poll_ms,
        "concurrency": args.concurrency, "reps": args.reps, "castwire_start_s": cw_start,
        "wall_s": time.monotonic() - wall0, "heap_test": heap_test, "catalog_episodes": meta_catalog,
    }
    text = report(meta, results)
    args.out.write_text(text)
    (args.out.with_suffix(".json")).write_text(json.dumps({"meta": meta, "results": results}, indent=1, default=str))
    print()
    print(text)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
