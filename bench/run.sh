#!/usr/bin/env bash
# Watched-folder ingest benchmark: castwire vs a bare Camel file->file route, same session.
# Usage (from anywhere):  bash bench/run.sh [extra bench.py options, e.g. --reps 1 --small 200]
#
# Environment:
#   CASTWIRE_JAR   use this castwire jar instead of building target/castwire.jar with Maven
#   CASTWIRE_CP    file with the runtime classpath (colon-separated) instead of building it with Maven
#   BENCH_WORK     scratch folder for inputs and both systems' folders (default: a new temp dir; removed at the end)
#   BENCH_KEEP=1   keep BENCH_WORK (the generated inputs are reused by the next run)
#   FFMPEG         ffmpeg binary to generate inputs (default: the one in the jave-nativebin jar on the classpath)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"

for tool in java jstat jcmd python3 unzip; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' is needed" >&2; exit 1; }
done

if [[ -z "${CASTWIRE_JAR:-}" || -z "${CASTWIRE_CP:-}" ]]; then
  command -v mvn >/dev/null || { echo "run.sh: mvn is needed (or set CASTWIRE_JAR and CASTWIRE_CP)" >&2; exit 1; }
fi
if [[ -z "${CASTWIRE_JAR:-}" ]]; then
  echo "[run.sh] building the castwire jar (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
  CASTWIRE_JAR="$(ls "$ROOT"/target/castwire*.jar | grep -v -e '-sources' -e '-javadoc' -e '\.original$' | head -n1)"
fi
if [[ -z "${CASTWIRE_CP:-}" ]]; then
  echo "[run.sh] resolving the runtime classpath (mvn dependency:build-classpath)"
  (cd "$ROOT" && mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime)
  CASTWIRE_CP="$ROOT/target/bench-classpath.txt"
fi
[[ -f "$CASTWIRE_JAR" ]] || { echo "run.sh: no jar at $CASTWIRE_JAR" >&2; exit 1; }
[[ -f "$CASTWIRE_CP" ]] || { echo "run.sh: no classpath file at $CASTWIRE_CP" >&2; exit 1; }

if [[ -n "${BENCH_WORK:-}" ]]; then
  WORK="$BENCH_WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/castwire-bench.XXXXXX")"
fi
cleanup() {
  if [[ "${BENCH_KEEP:-0}" != 1 ]]; then rm -rf "$WORK"; else echo "[run.sh] kept $WORK"; fi
}
trap cleanup EXIT

# ffmpeg to generate the inputs: the same static build castwire ships (jave-nativebin on the classpath)
if [[ -z "${FFMPEG:-}" ]]; then
  NATIVE_JAR="$(tr ':' '\n' < "$CASTWIRE_CP" | grep 'jave-nativebin-linux64' | head -n1 || true)"
  [[ -n "$NATIVE_JAR" ]] || { echo "run.sh: no jave-nativebin-linux64 jar on the classpath; set FFMPEG" >&2; exit 1; }
  mkdir -p "$WORK/tools"
  unzip -o -q -j "$NATIVE_JAR" ws/schild/jave/nativebin/ffmpeg-amd64 -d "$WORK/tools"
  chmod +x "$WORK/tools/ffmpeg-amd64"
  FFMPEG="$WORK/tools/ffmpeg-amd64"
fi

echo "[run.sh] jar $CASTWIRE_JAR"
echo "[run.sh] work $WORK ($(df -h --output=avail "$WORK" | tail -n1 | tr -d ' ') free)"
echo "[run.sh] machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB RAM"

# the tables go to results/latest.md (and .json); the console also to results/latest.log
python3 -u "$BENCH_DIR/bench.py" --jar "$CASTWIRE_JAR" --cp "$CASTWIRE_CP" --ffmpeg "$FFMPEG" \
  --work "$WORK" --bench-dir "$BENCH_DIR" --out "$RESULTS/latest.md" "$@" 2>&1 | tee "$RESULTS/latest.log.tmp" || status=$?
mv "$RESULTS/latest.log.tmp" "$RESULTS/latest.log"
exit "${status:-0}"
