#!/usr/bin/env bash
# snapdiff.sh: `--update --snapshotDiff FROM TO` (issue 13) against a full update, on a MiniDFSCluster
# (bench/SnapshotDiffBench.java) holding /bench/src: FILES small files (100-1000 bytes) in FILES/100
# folders, snapshot s1. Four destinations on the same HDFS are made from s1 (untimed Ferry copies),
# PERCENT % of the source's files change (appends, same-length and new-length rewrites, deletions,
# renames, creations, a folder deleted, a folder renamed with changes inside), snapshot s2, then,
# timed (wall clock):
#   ferry,snapshotDiff   ferry --update --snapshotDiff s1 s2 --src /bench/src --dest /bench/dst-diff
#   ferry,update         ferry --update --syncSourceDelete --src /bench/src/.snapshot/s2 --dest /bench/dst-plain
#                        (a full update that also deletes: the same end state as the diff's)
#   distcp,diff          DistCp 3.3.6 -update -diff s1 s2 /bench/src /bench/dst-distcp (local MapReduce, -m 2;
#                        the target has its own snapshot s1, taken right after its copy)
#   distcp,update        DistCp 3.3.6 -update -delete /bench/src/.snapshot/s2 /bench/dst-distcp-plain (DISTCP_PLAIN=1)
# Each destination is then compared with snapshot s2 (folders, files, lengths, COMPOSITE_CRC checksums).
# With RUNS > 1, run i mutates again and goes from s<i> to s<i+1> on the destinations the run before
# brought to s<i> (DistCp's target gets snapshot s<i+1> after its run); medians are printed.
#
# Usage: bench/snapdiff.sh
# Env: FILES (100000), PERCENT (1), RUNS (1), PORT (NameNode port, 18020), DISTCP_PLAIN (1; 0 to skip the
#      plain DistCp update), WORK (/tmp/snapbench: Ferry's unpacked distribution, classpaths, DistCp's jar,
#      and one folder per bench run with the HDFS data, logs and snapdiff.csv), FERRY_HOME (the unpacked
#      binary distribution; default WORK/ferry-0.1.0-SNAPSHOT, unpacked from dist/target on first use).
# Times are wall clock (date +%s.%N around the command). Ferry runs from the binary distribution (not bin/ferry, which rebuilds from the checkout); its
# staging, Spark's temporary files and its start-up archive stay under WORK. The MiniDFSCluster is
# stopped when the script ends, however it ends.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/snapbench}
FILES=${FILES:-100000}
PERCENT=${PERCENT:-1}
RUNS=${RUNS:-1}
PORT=${PORT:-18020}
DISTCP_PLAIN=${DISTCP_PLAIN:-1}
FERRY_HOME=${FERRY_HOME:-$WORK/ferry-0.1.0-SNAPSHOT}
RUN_DIR=$WORK/run-$(date +%Y%m%d-%H%M%S)
URI=hdfs://127.0.0.1:$PORT
OUT=$RUN_DIR/snapdiff.csv
mkdir -p "$RUN_DIR" "$WORK/tmp" "$WORK/cache"
export TMPDIR=$WORK/tmp

# ---------------------------------------------------------------- tools (untimed)
if [ ! -x "$FERRY_HOME/bin/ferry" ]; then
  tarball=$ROOT/dist/target/ferry-0.1.0-SNAPSHOT-bin.tar.gz
  [ -f "$tarball" ] || { echo "snapdiff.sh: $tarball is missing (mvn package makes it)" >&2; exit 2; }
  cp "$tarball" "$WORK/" && tar -xzf "$WORK/$(basename "$tarball")" -C "$WORK"
fi
[ -s "$WORK/test-cp.txt" ] || (cd "$ROOT/tests" && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/test-cp.txt")
[ -f "$WORK/distcp/hadoop-distcp-3.3.6.jar" ] || (cd "$WORK" && mvn -B -q dependency:copy \
  -Dartifact=org.apache.hadoop:hadoop-distcp:3.3.6 -DoutputDirectory="$WORK/distcp")
CP=$(cat "$WORK/test-cp.txt")
read -r -a OPENS <<<"$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$ROOT/pom.xml")"

cat >"$WORK/log4j2-bench.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
logger.job.name = org.apache.hadoop.mapreduce.Job
logger.job.level = info
logger.distcp.name = org.apache.hadoop.tools
logger.distcp.level = info
logger.snapdiff.name = dev.ferry.engine.internal.SnapshotDiffPlan
logger.snapdiff.level = info
EOF

bench() { # bench MODE ARGS...: the HDFS side (SnapshotDiffBench.java)
  java -Xmx1g "${OPENS[@]}" -Dlog4j2.configurationFile="$WORK/log4j2-bench.properties" -cp "$CP" \
    "$ROOT/bench/SnapshotDiffBench.java" "$@"
}
ferry() {
  FERRY_CACHE_DIR=$WORK/cache FERRY_LOG4J2=$WORK/log4j2-bench.properties FERRY_JAVA_OPTS="-Djava.io.tmpdir=$WORK/tmp" \
    "$FERRY_HOME/bin/ferry" "$@" --tmp "$WORK/ferry-tmp" --hadoopConf dfs.replication=1
}
distcp() { # DistCp 3.3.6 in local MapReduce mode, two maps (as in ../shared/bench/run_peers.sh)
  java -Xmx1g -Dlog4j2.configurationFile="$WORK/log4j2-bench.properties" -cp "$WORK/distcp/hadoop-distcp-3.3.6.jar:$CP" \
    org.apache.hadoop.tools.DistCp -D mapreduce.framework.name=local -D mapreduce.local.map.tasks.maximum=2 \
    -D hadoop.tmp.dir="$WORK/hadoop-tmp" \
    -D mapreduce.jobtracker.staging.root.dir="$WORK/hadoop-tmp/staging" -D dfs.replication=1 -m 2 "$@"
}

# ---------------------------------------------------------------- the MiniDFSCluster
server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM
java -Xmx3g "${OPENS[@]}" -Dlog4j2.configurationFile="$WORK/log4j2-bench.properties" -cp "$CP" \
  "$ROOT/bench/SnapshotDiffBench.java" serve "$PORT" "$RUN_DIR/hdfs" >"$RUN_DIR/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do
  grep -q '^READY' "$RUN_DIR/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$RUN_DIR/server.log" >&2; exit 3; }
  sleep 1
done
grep -q '^READY' "$RUN_DIR/server.log" || { echo "snapdiff.sh: the MiniDFSCluster did not start" >&2; exit 3; }
echo "MiniDFSCluster at $URI (pid $server_pid), run folder $RUN_DIR" >&2

ferry --version >/dev/null 2>&1 || true # the start-up archive, untimed
echo "setup: $FILES files ..." >&2
bench setup "$URI" "$FILES" | tee -a "$RUN_DIR/setup.log"
DSTS=(dst-diff dst-plain dst-distcp)
[ "$DISTCP_PLAIN" = 1 ] && DSTS+=(dst-distcp-plain)
for d in "${DSTS[@]}"; do
  echo "copy of s1 to /bench/$d ..." >&2
  SECONDS=0
  ferry --quiet --src "$URI/bench/src/.snapshot/s1" --dest "$URI/bench/$d" >>"$RUN_DIR/setup.log" 2>&1
  echo "copy of s1 to /bench/$d: $SECONDS s" | tee -a "$RUN_DIR/setup.log" >&2
done
bench snap "$URI" /bench/dst-distcp s1 >>"$RUN_DIR/setup.log"

# ---------------------------------------------------------------- timed runs
echo "run,tool,mode,from,to,seconds,exit,files_changed,files_in_tree,correct,note" >"$OUT"
record() { # record RUN TOOL MODE FROM TO DST CMD...: times CMD, checks DST against snapshot TO, appends a CSV line
  local run=$1 tool=$2 mode=$3 from=$4 to=$5 dst=$6; shift 6
  local log=$RUN_DIR/$run-$tool-$mode.log exit=0 correct=no note="" t0 t1 secs
  sync
  t0=$(date +%s.%N)
  "$@" >"$log" 2>&1 || exit=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  if bench verify "$URI" "/bench/src/.snapshot/$to" "$dst" >"$log.verify" 2>&1; then correct=yes; fi
  grep -q 'running a normal update' "$log" && note="fell back to a normal update"
  [ "$exit" = 0 ] || note="${note:+$note; }$(grep -v '^\s*$' "$log" | tail -n 1 | tr ',' ';' | cut -c1-200)"
  echo "$run,$tool,$mode,$from,$to,$secs,$exit,$changed,$total,$correct,$note" | tee -a "$OUT"
}
for run in $(seq 1 "$RUNS"); do
  from=s$run to=s$((run + 1))
  m=$(bench mutate "$URI" "$PERCENT" "$from" "$to" "$run" | tee -a "$RUN_DIR/setup.log" | grep '^CHANGED')
  echo "$m" >&2
  changed=$(awk '{print $2}' <<<"$m") total=$(awk '{print $4}' <<<"$m")
  record "$run" ferry snapshotDiff "$from" "$to" /bench/dst-diff \
    ferry --quiet --src "$URI/bench/src" --dest "$URI/bench/dst-diff" --update --snapshotDiff "$from" "$to"
  record "$run" ferry update "$from" "$to" /bench/dst-plain \
    ferry --quiet --src "$URI/bench/src/.snapshot/$to" --dest "$URI/bench/dst-plain" --update --syncSourceDelete \
    --maxDeletes -1
  record "$run" distcp diff "$from" "$to" /bench/dst-distcp \
    distcp -update -diff "$from" "$to" "$URI/bench/src" "$URI/bench/dst-distcp"
  bench snap "$URI" /bench/dst-distcp "$to" >>"$RUN_DIR/setup.log"
  if [ "$DISTCP_PLAIN" = 1 ]; then
    record "$run" distcp update "$from" "$to" /bench/dst-distcp-plain \
      distcp -update -delete "$URI/bench/src/.snapshot/$to" "$URI/bench/dst-distcp-plain"
  fi
done

# ---------------------------------------------------------------- medians and ratios
median() { # median TOOL MODE: of the seconds column
  awk -F, -v k="$1,$2" 'NR > 1 && $2 "," $3 == k { print $6 }' "$OUT" | sort -n |
    awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
diffm=$(median ferry snapshotDiff)
for k in "ferry update" "distcp diff" "distcp update"; do
  # shellcheck disable=SC2086
  m=$(median $k)
  [ -n "$m" ] || continue
  awk -v d="$diffm" -v m="$m" -v k="$k" 'BEGIN { printf "ferry snapshotDiff %.2f s / %s %.2f s = %.3f\n", d, k, m, d / m }'
done
awk -F, 'NR > 1 && $10 != "yes" { print "NOT EQUAL to snapshot " $5 ": " $2 " " $3 " run " $1 }' "$OUT"
echo "results: $OUT" >&2
