#!/usr/bin/env bash
# Re-measures Ferry against its peers with the team's shared protocol (shared/bench/run_peers.sh):
# every run into a fresh destination, medians of RUNS runs, peers measured in the same run.
#
# Usage: bench/run.sh [SETS] [PEER:OP ...]
#   default: bench/run.sh small,large tool:copy rclone:copy
#   diff:    bench/run.sh small,large tool:diff rclone:check-download
#   update:  bench/run.sh small,mixed tool:update-mutated rclone:sync-mutated distcp:update-mutated
# Env: DATA (default /tmp/ferry-bench; datasets are generated there on first use), RUNS (5),
#      SHARED (default: ../shared beside the repository).
# Prints the medians and each peer's ratio to Ferry ("tool") per set and operation.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
export DATA=${DATA:-/tmp/ferry-bench}
export WORK=${WORK:-$DATA/work-$(date +%Y%m%d-%H%M%S)}
export RUNS=${RUNS:-5}
SETS=${1:-small,large}
shift || true
OPS=("$@")
[ ${#OPS[@]} -gt 0 ] || OPS=(tool:copy rclone:copy)

command -v rclone >/dev/null || { apt-get update -qq && apt-get install -y -qq rclone; }
IFS=, read -r -a setl <<<"$SETS"
for s in "${setl[@]}"; do
  [ -d "$DATA/src/$s" ] || "$SHARED/bench/gen.sh" "$DATA/src" 42 "$s"
done
for op in "${OPS[@]}"; do
  if [[ $op == distcp:* ]] && [ ! -d "$SHARED/bench/peers/hadoop/lib" ]; then
    echo "DistCp peer: run '$SHARED/bench/run_peers.sh setup' once (it writes into shared/bench/peers)" >&2
    exit 2
  fi
done
"$ROOT/bin/ferry" --version >/dev/null 2>&1 || true # builds the jar and the start-up archive, untimed

F="$ROOT/bin/ferry --quiet"
export TOOL_COPY="$F --src {src} --dest {dst}"
export TOOL_UPDATE="$F --src {src} --dest {dst} --update"
export TOOL_DIFF="$F --src {src} --dest {dst} --diff"
"$SHARED/bench/run_peers.sh" bench "$SETS" "${OPS[@]}"
"$ROOT/bench/medians.sh" "$WORK/results.csv"
