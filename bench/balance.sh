#!/usr/bin/env bash
# balance.sh: a balance of a dataset between two local directories next to a plain Ferry copy of
# it, alternating, RUNS times (default 3), each into a fresh directory. The balance keeps its
# source (--moveToTrash skip) and journals under WORK.
# Usage: bench/balance.sh [SET]   (SET: mixed (default), small or large under DATA/src, made by gen.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
DATA=${DATA:-/tmp/ferry-bench}
SET=${1:-mixed}
RUNS=${RUNS:-3}
WORK=${WORK:-$DATA/balance-$(date +%Y%m%d-%H%M%S)}
[ -d "$DATA/src/$SET" ] || "$SHARED/bench/gen.sh" "$DATA/src" 42 "$SET"
mkdir -p "$WORK"
"$ROOT/bin/ferry" --version > /dev/null 2>&1 || true # builds the jar and start-up archive, untimed
for i in $(seq 1 "$RUNS"); do
  sync
  /usr/bin/time -f "copy,$i,%e" -a -o "$WORK/times.csv" "$ROOT/bin/ferry" --quiet --src "$DATA/src/$SET" \
    --dest "$WORK/copy-$i" > /dev/null 2>&1
  sync
  /usr/bin/time -f "balance,$i,%e" -a -o "$WORK/times.csv" "$ROOT/bin/ferry" balance submit "$DATA/src/$SET" \
    "$WORK/balance-$i" --delay 0 --moveToTrash skip \
    --hadoopConf "hadoop.hdfs.procedure.scheduler.journal.uri=file://$WORK/journal" > "$WORK/balance-$i.log" 2>&1
done
cat "$WORK/times.csv"
for op in copy balance; do
  printf '%s median: ' "$op"
  grep "^$op," "$WORK/times.csv" | cut -d, -f3 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2 " s"}'
done
