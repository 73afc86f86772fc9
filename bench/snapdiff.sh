#!/usr/bin/env bash
# snapdiff.sh: `--update --snapshotDiff FROM TO` (issue 13) against a full update, on a MiniDFSCluster
# (bench/SnapshotDiffBench.java, one datanode) holding /bench/src: FILES small files (100-1000 bytes)
# in FILES/100 folders, snapshot s1. Three or four destinations on the same HDFS hold the same files
# (untimed; written beside the source by the setup, or COPY_WITH=ferry: Ferry copies of snapshot s1).
# PERCENT % of the source's files then change (appends, same-length and new-length rewrites,
# deletions, renames, creations, a folder deleted, a folder renamed with changes inside), snapshot s2,
# and, timed (wall clock, date +%s.%N around the command, JVM start-up included):
#   ferry,snapshotDiff   ferry --update --snapshotDiff s1 s2 --src /bench/src --dest /bench/dst-diff
#   ferry,update         ferry --update --syncSourceDelete --maxDeletes -1 --src /bench/src/.snapshot/s2
#                        --dest /bench/dst-plain (a full update that also deletes: the diff's end state)
#   distcp,diff          DistCp 3.4.1 -update -diff s1 s2 /bench/src /bench/dst-distcp (local MapReduce, -m 2;
#                        the target has its own snapshot s1, taken before the change)
#   distcp,update        DistCp 3.4.1 -update -delete /bench/src/.snapshot/s2 /bench/dst-distcp-plain
#                        (DISTCP_PLAIN=1)
# Then every destination is compared with snapshot s2: folders, files, lengths and COMPOSITE_CRC
# checksums (VERIFY=full: of every file; VERIFY=changed: of the files written since the change began,
# on either side, and one in 50 of the others). With RUNS > 1, run i changes the source again and goes
# from s<i> to s<i+1> on the destinations run i-1 brought to s<i> (DistCp's target gets snapshot s<i+1>
# after its run); medians and ratios are printed at the end.
#
# Usage: bench/snapdiff.sh
# Env: FILES (100000), PERCENT (1), RUNS (1), PORT (NameNode port, 18020), DISTCP_PLAIN (1; 0 skips the
#      plain DistCp update), COPY_WITH (setup or ferry), VERIFY (full or changed), CLOSE_DELAY_MS (10: the
#      HDFS client's first wait before it asks again to close a file whose last block the datanode has
#      not reported yet; Hadoop's default 400 ms makes nearly every close on this loaded one-datanode
#      cluster sleep that long; given to every tool alike), WORK (/tmp/snapbench: Ferry's unpacked
#      distribution, classpaths, DistCp's jar, and a folder per bench run with the HDFS data, the logs
#      and snapdiff.csv), FERRY_HOME (the unpacked binary distribution; default WORK/ferry-0.1.0-SNAPSHOT,
#      unpacked from dist/target on first use).
# Ferry runs from the binary distribution (not bin/ferry, which rebuilds from the checkout); its
# staging, Spark's temporary files, its start-up archive and DistCp's local job files stay under WORK.
# The MiniDFSCluster is stopped when the script ends, however it ends.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/snapbench}
FILES=${FILES:-100000}
PERCENT=${PERCENT:-1}
RUNS=${RUNS:-1}
PORT=${PORT:-18020}
DISTCP_PLAIN=${DISTCP_PLAIN:-1}
COPY_WITH=${COPY_WITH:-setup}
VERIFY=${VERIFY:-full}
CLOSE_DELAY_MS=${CLOSE_DELAY_MS:-10}
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
[ -f "$WORK/distcp/hadoop-distcp-3.4.1.jar" ] || (cd "$WORK" && mvn -B -q dependency:copy \
  -Dartifact=org.apache.hadoop:hadoop-distcp:3.4.1 -DoutputDirectory="$WORK/distcp")
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

jvm() { # jvm NAME ARGS...: java with its arguments in RUN_DIR/NAME.args; its command line reads "java @NAME.args"
  # (short command lines: twice, a broad `pkill -f` run elsewhere on this shared machine matched and ended these JVMs)
  local name=$1; shift
  printf '%s\n' "$@" >"$RUN_DIR/$name.args"
  (cd "$RUN_DIR" && exec java "@$name.args")
}
bench() { # bench MODE ARGS...: the HDFS side (SnapshotDiffBench.java)
  jvm "$1" -Xmx1g -Dclose.delay.ms="$CLOSE_DELAY_MS" "${OPENS[@]}" -Dlog4j2.configurationFile="$WORK/log4j2-bench.properties" \
    -cp "$CP" "$ROOT/bench/SnapshotDiffBench.java" "$@"
}
ferry() {
  FERRY_CACHE_DIR=$WORK/cache FERRY_LOG4J2=$WORK/log4j2-bench.properties FERRY_JAVA_OPTS="-Djava.io.tmpdir=$WORK/tmp" \
    "$FERRY_HOME/bin/ferry" "$@" --tmp "$WORK/ferry-tmp" --hadoopConf dfs.replication=1 \
    --hadoopConf dfs.client.block.write.locateFollowingBlock.initial.delay.ms="$CLOSE_DELAY_MS" \
    --hadoopConf dfs.client.block.write.locateFollowingBlock.retries=12
}
distcp() { # DistCp 3.4.1 in local MapReduce mode, two maps (as in ../shared/bench/run_peers.sh)
  jvm distcp -Xmx1g -Dlog4j2.configurationFile="$WORK/log4j2-bench.properties" \
    -cp "$WORK/distcp/hadoop-distcp-3.4.1.jar:$CP" org.apache.hadoop.tools.DistCp \
    -D mapreduce.framework.name=local -D mapreduce.local.map.tasks.maximum=2 -D hadoop.tmp.dir="$WORK/hadoop-tmp" \
    -D mapreduce.jobtracker.staging.root.dir="$WORK/hadoop-tmp/staging" -D dfs.replication=1 \
    -D dfs.client.block.write.locateFollowingBlock.initial.delay.ms="$CLOSE_DELAY_MS" \
    -D dfs.client.block.write.locateFollowingBlock.retries=12 -m 2 "$@"
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
printf '%s\n' -Xmx3g "${OPENS[@]}" -Dlog4j2.configurationFile="$WORK/log4j2-bench.properties" -cp "$CP" \
  "$ROOT/bench/SnapshotDiffBench.java" serve "$PORT" "$RUN_DIR/hdfs" >"$RUN_DIR/serve.args"
cd "$RUN_DIR"
java @serve.args >"$RUN_DIR/server.log" 2>&1 &
server_pid=$!
cd "$ROOT"
for _ in $(seq 1 180); do
  grep -q '^READY' "$RUN_DIR/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$RUN_DIR/server.log" >&2; exit 3; }
  sleep 1
done
grep -q '^READY' "$RUN_DIR/server.log" || { echo "snapdiff.sh: the MiniDFSCluster did not start" >&2; exit 3; }
echo "MiniDFSCluster at $URI (pid $server_pid), run folder $RUN_DIR" >&2

ferry --version >/dev/null 2>&1 || true # the start-up archive, untimed
DSTS=(/bench/dst-diff /bench/dst-plain /bench/dst-distcp)
[ "$DISTCP_PLAIN" = 1 ] && DSTS+=(/bench/dst-distcp-plain)
echo "setup: $FILES files ..." >&2
if [ "$COPY_WITH" = ferry ]; then
  bench setup "$URI" "$FILES" 16 | tee -a "$RUN_DIR/setup.log"
  for d in "${DSTS[@]}"; do
    SECONDS=0
    ferry --quiet --src "$URI/bench/src/.snapshot/s1" --dest "$URI$d" >>"$RUN_DIR/setup.log" 2>&1
    echo "Ferry copy of s1 to $d: $SECONDS s" | tee -a "$RUN_DIR/setup.log" >&2
  done
else
  bench setup "$URI" "$FILES" 16 "${DSTS[@]}" | tee -a "$RUN_DIR/setup.log"
fi
bench snap "$URI" /bench/dst-distcp s1 >>"$RUN_DIR/setup.log"

# ---------------------------------------------------------------- timed runs
echo "run,tool,mode,from,to,seconds,exit,files_changed,files_in_tree,correct,note" >"$OUT"
declare -A LINE
record() { # record RUN TOOL MODE FROM TO DST CMD...: times CMD; its CSV line waits for the check of DST
  local run=$1 tool=$2 mode=$3 from=$4 to=$5 dst=$6; shift 6
  local log=$RUN_DIR/$run-$tool-$mode.log exit=0 note="" t0 t1 secs
  sync
  t0=$(date +%s.%N)
  "$@" >"$log" 2>&1 || exit=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  if grep -q 'running a normal update' "$log"; then note="fell back to a normal update"; fi
  [ "$exit" = 0 ] || note="${note:+$note; }$(grep -v '^\s*$' "$log" | tail -n 1 | tr ',' ';' | cut -c1-200)"
  echo "$tool $mode: $secs s, exit $exit${note:+, $note}" >&2
  LINE[$dst]="$run,$tool,$mode,$from,$to,$secs,$exit,$changed,$total,CORRECT,$note"
}
for run in $(seq 1 "$RUNS"); do
  from=s$run to=s$((run + 1))
  since=0
  [ "$VERIFY" = full ] || since=$(($(date +%s%3N) - 2000))
  m=$(bench mutate "$URI" "$PERCENT" "$from" "$to" "$run" | tee -a "$RUN_DIR/setup.log" | grep '^CHANGED')
  echo "$m" >&2
  changed=$(awk '{print $2}' <<<"$m") total=$(awk '{print $4}' <<<"$m")
  LINE=()
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
  echo "checking the destinations against snapshot $to ($VERIFY) ..." >&2
  bench verify "$URI" "/bench/src/.snapshot/$to" "$since" "${DSTS[@]}" >"$RUN_DIR/$run-verify.log" 2>&1 || true
  cat "$RUN_DIR/$run-verify.log" >&2
  for d in "${DSTS[@]}"; do
    ok=no
    grep -q "^EQUAL $d = " "$RUN_DIR/$run-verify.log" && ok=yes
    echo "${LINE[$d]/CORRECT/$ok}" | tee -a "$OUT"
  done
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
