#!/usr/bin/env bash
# Scale benchmarks of issue 11 (nothing else should run on the machine meanwhile):
#
#   bench/scale.sh real [FILES] [DIRS]      a real tree of FILES (default 2,000,000) mostly empty files in
#                                           DIRS (2,000) folders: Ferry copy and no-op --update with
#                                           FERRY_DRIVER_MEMORY=512m against rclone copy / rclone sync
#   bench/scale.sh generated [MILLIONS]     gen:// trees of MILLIONS (default 10) million entries served by
#                                           the tests' GeneratedFileSystem: --dryRun, --diff, and a copy to a
#                                           discarding destination, with a 1 GiB driver heap
#   bench/scale.sh heap OTHER_CHECKOUT SRC DST  the driver's live heap (largest after a GC) of a --dryRun
#                                           --update of two real trees (e.g. the real tree and its copy), this
#                                           checkout and another (e.g. one at the commit before distributed
#                                           planning), same run
#
# Env: DATA (default /tmp/ferry-bench), RUNS (3). Prints one line per run (wall seconds, peak RSS KiB)
# and writes them to $DATA/scale-<time>.csv.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${DATA:-/tmp/ferry-bench}
RUNS=${RUNS:-3}
MODE=${1:-real}
OUT=$DATA/scale-$(date +%Y%m%d-%H%M%S).csv
mkdir -p "$DATA"
echo "what,tool,run,exit,wall_s,maxrss_kb,note" >"$OUT"

record() { # what tool run cmd... : times the command, appends a CSV line
  local what=$1 tool=$2 run=$3; shift 3
  local t; t=$(mktemp)
  local exit=0
  /usr/bin/time -f "%e %M" -o "$t" "$@" >"$t.out" 2>"$t.err" || exit=$?
  read -r wall rss <"$t"
  local note=""
  [ "$exit" = 0 ] || note=$(tail -n 1 "$t.err" | tr ',' ';')
  echo "$what,$tool,$run,$exit,$wall,$rss,$note" | tee -a "$OUT"
  rm -f "$t" "$t.out" "$t.err"
}

ferry_jar() {
  [ -f "$ROOT/tests/target/test-classes/dev/ferry/tests/GeneratedFileSystem.class" ] || \
    (cd "$ROOT" && mvn -B -q -o -DskipTests test-compile -pl tests -am >/dev/null)
  "$ROOT/bin/ferry" --help >/dev/null 2>&1 || true # builds the jar and the start-up archive, untimed
}

case "$MODE" in
real)
  FILES=${2:-2000000}
  DIRS=${3:-2000}
  command -v rclone >/dev/null || { apt-get update -qq && apt-get install -y -qq rclone; }
  SRC=$DATA/scale-src-$FILES
  if [ ! -d "$SRC" ]; then
    echo "generating $FILES files in $DIRS folders under $SRC ..." >&2
    python3 - "$SRC" "$FILES" "$DIRS" <<'PY'
import os, sys
root, files, dirs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for d in range(dirs):
    os.makedirs(os.path.join(root, "d%05d" % d), exist_ok=True)
for i in range(files):
    p = os.path.join(root, "d%05d" % (i % dirs), "f%09d" % i)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    if i % 100 == 0:  # mostly empty: one file in a hundred holds a few bytes
        os.write(fd, b"x" * (i % 4096))
    os.close(fd)
PY
  fi
  ferry_jar
  WORK=$DATA/scale-work-$(date +%H%M%S)
  mkdir -p "$WORK"
  for r in $(seq 1 "$RUNS"); do
    record copy ferry "$r" env FERRY_DRIVER_MEMORY=512m "$ROOT/bin/ferry" --quiet --src "$SRC" --dest "$WORK/ferry-$r"
    record copy rclone "$r" rclone copy --transfers 8 --checkers 8 "$SRC" "$WORK/rclone-$r"
    record noop-update ferry "$r" env FERRY_DRIVER_MEMORY=512m "$ROOT/bin/ferry" --quiet --update --src "$SRC" \
      --dest "$WORK/ferry-$r"
    record noop-sync rclone "$r" rclone sync --transfers 8 --checkers 8 "$SRC" "$WORK/rclone-$r"
  done
  echo "destinations are left under $WORK (delete them when the disk is quiet)" >&2
  ;;
generated)
  M=${2:-10}
  N=$((M * 1000000))
  ferry_jar
  GEN=(--hadoopConf fs.gen.impl=dev.ferry.tests.GeneratedFileSystem --hadoopConf gen.files=$N
       --hadoopConf gen.dirs=$((N / 1000)) --hadoopConf gen.size.max=16)
  export FERRY_CLASSPATH=$ROOT/tests/target/test-classes FERRY_DRIVER_MEMORY=1g
  for r in $(seq 1 "$RUNS"); do
    record "dryrun-update-${M}M" ferry "$r" "$ROOT/bin/ferry" --quiet --dryRun --update --src gen://t/src \
      --dest gen://t/dst "${GEN[@]}"
    record "diff-${M}M" ferry "$r" "$ROOT/bin/ferry" --quiet --diff --src gen://t/src --dest gen://t/other "${GEN[@]}"
    record "copy-discard-${M}M" ferry "$r" "$ROOT/bin/ferry" --quiet --src gen://t/src --dest gen://t/dst "${GEN[@]}"
  done
  ;;
heap)
  OTHER=${2:?give the other checkout}
  SRC=${3:?give a source tree}
  DST=${4:?give a destination tree}
  ferry_jar
  [ -f "$OTHER/cli/target/ferry-app.jar" ] || (cd "$OTHER" && mvn -B -q -o -DskipTests package >/dev/null)
  for co in "$ROOT" "$OTHER"; do
    for r in $(seq 1 "$RUNS"); do
      gc=$(mktemp)
      record heap-dryrun-update "$(cd "$co" && git log -1 --format=%h)" "$r" env FERRY_DRIVER_MEMORY=4g FERRY_CDS=0 \
        FERRY_JAVA_OPTS="-Xlog:gc:file=$gc" "$co/bin/ferry" --quiet --dryRun --update --src "$SRC" --dest "$DST"
      # the largest heap left after a collection: what the run kept alive
      live=$(grep -oE '[0-9]+M->[0-9]+M' "$gc" | sed 's/.*->//; s/M//' | sort -n | tail -1)
      echo "heap-live-after-gc-mib,$(cd "$co" && git log -1 --format=%h),$r,,,${live:-?}," | tee -a "$OUT"
      rm -f "$gc"
    done
  done
  ;;
*)
  echo "usage: bench/scale.sh real|generated|heap ..." >&2
  exit 2
  ;;
esac
echo "results: $OUT" >&2
