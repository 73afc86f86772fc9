#!/usr/bin/env bash
# update.sh - no-op and 1 %-mutated updates of the "mixed" set, local disk -> S3Proxy 4.1.0 on
# 127.0.0.1 through the counting relay (bytes each way): Ferry --update (checks the local source
# against the CRC-32C recorded with each object), Ferry --update --trustModificationTime, and the
# peers rclone sync --checksum (MD5 of the local file against the ETag) and rclone sync (size and
# modification time only). Every tool gets its own prefix, copied first; all of them see the same
# source and the same mutation (shared/bench/mutate.sh). Uses this checkout's bin/ferry (build it
# first: mvn -o install -DskipTests). Ferry runs with --syncSourceDelete, so that it mirrors as rclone sync does.
# "missed" counts sha256sum diff lines (2 per differing file, 1 per missing or extra file).
#
#   update.sh start      start S3Proxy (:18090) and the relay (:18091 -> :18090) in $B (/tmp/s3bench-update)
#   update.sh bench      RUNS (default 3) rounds: fresh source copy, initial copies, no-op updates,
#                        mutate 1 %, mutated updates, then count files that still differ per tool
#   update.sh summary    medians per phase and tool from results.csv
#   update.sh stop
set -euo pipefail
export LC_ALL=C

B=${S3BENCH:-/tmp/s3bench-update}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
SRC=${SRC:-/tmp/ferry-bench/src/mixed}
S3JAR=$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar
S3PORT=18090
RELAYPORT=18091
AK=benchkey
SK=benchsecret
RUNS=${RUNS:-3}
CSV=$B/results.csv
STATS=$B/relay.stats
TOOLS=(ferry ferry-trust rclone-checksum rclone)

export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other
export RCLONE_CONFIG_BENCH_ENDPOINT=http://127.0.0.1:$RELAYPORT RCLONE_CONFIG_BENCH_REGION=us-east-1
export RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=$AK RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=$SK
export RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true

S3A=(
  fs.s3a.endpoint=http://127.0.0.1:$RELAYPORT
  fs.s3a.endpoint.region=us-east-1
  fs.s3a.path.style.access=true
  fs.s3a.connection.ssl.enabled=false
  fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider
  fs.s3a.access.key=$AK
  fs.s3a.secret.key=$SK
)

start() {
  mkdir -p $B/s3data/bench
  [ -d $SRC ] || $SHARED/bench/gen.sh "$(dirname $SRC)" 42 mixed
  cat > $B/s3proxy.conf <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AK
s3proxy.credential=$SK
jclouds.provider=filesystem-nio2
jclouds.identity=$AK
jclouds.credential=$SK
jclouds.filesystem.basedir=$B/s3data
EOF
  cd $B
  nohup java -jar "$S3JAR" --properties $B/s3proxy.conf > $B/s3proxy.log 2>&1 & echo $! > $B/s3proxy.pid
  cp "$ROOT/bench/s3/CountingRelay.java" $B/CountingRelay.java
  nohup java $B/CountingRelay.java $RELAYPORT $S3PORT $STATS > $B/relay.log 2>&1 & echo $! > $B/relay.pid
  sleep 6
}

stop() {
  for p in relay s3proxy; do [ -f $B/$p.pid ] && kill "$(cat $B/$p.pid)" 2>/dev/null || true; rm -f $B/$p.pid; done
}

ferry() {  # ferry SRC PREFIX [flags...]
  local s=$1 p=$2 a=() kv; shift 2
  for kv in "${S3A[@]}"; do a+=(--hadoopConf "$kv"); done
  echo "$ROOT/bin/ferry --quiet --src $s --dest s3a://bench/$p ${a[*]} $*"
}

cmd() {  # cmd PHASE TOOL SRC PREFIX
  local phase=$1 tool=$2 s=$3 p=$4
  case $phase-$tool in
    copy-ferry*) ferry "$s" "$p" ;;
    copy-rclone*) echo "env -u AWS_CA_BUNDLE rclone copy --transfers 16 $s bench:bench/$p" ;;
    *-ferry) ferry "$s" "$p" --update --syncSourceDelete ;;
    *-ferry-trust) ferry "$s" "$p" --update --syncSourceDelete --trustModificationTime ;;
    *-rclone-checksum) echo "env -u AWS_CA_BUNDLE rclone sync --checksum --transfers 16 --checkers 16 $s bench:bench/$p" ;;
    *-rclone) echo "env -u AWS_CA_BUNDLE rclone sync --transfers 16 --checkers 16 $s bench:bench/$p" ;;
  esac
}

stat_now() { sleep 1; cat $STATS.ext; }

run_one() {  # run_one PHASE TOOL RUN PREFIX CMD
  local phase=$1 tool=$2 run=$3 prefix=$4 c=$5 rc=0 w u0 c0 d0 n0 r0 u1 c1 d1 n1 r1 tf log
  tf=$(mktemp); log=$B/logs/$phase-$prefix.log; mkdir -p $B/logs
  sync
  read -r u0 c0 d0 n0 r0 < <(stat_now)
  echo "$c" > "$log"
  /usr/bin/time -f '%e' -o "$tf" bash -c "$c" >>"$log" 2>&1 || rc=$?
  read -r u1 c1 d1 n1 r1 < <(stat_now)
  w=$(tail -n 1 "$tf"); rm -f "$tf"
  [ -s "$CSV" ] || echo "phase,tool,run,prefix,exit,wall_s,bytes_up,bytes_down,requests" > "$CSV"
  echo "$phase,$tool,$run,$prefix,$rc,$w,$((u1-u0)),$((d1-d0)),$((r1-r0))" | tee -a "$CSV"
}

differing() {  # differing SRC PREFIX: files whose content differs, or that are missing or extra
  diff <(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
       <(cd "$B/s3data/bench/$2" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | grep -c '^[<>]' || true
}

bench() {
  local r s t p
  for ((r = 1; r <= RUNS; r++)); do
    s=$B/src-$r
    rm -rf "$s"; cp -a "$SRC" "$s"
    for t in "${TOOLS[@]}"; do run_one copy "$t" $r "$t-$r" "$(cmd copy "$t" "$s" "$t-$r")"; done
    for t in "${TOOLS[@]}"; do run_one noop "$t" $r "$t-$r" "$(cmd noop "$t" "$s" "$t-$r")"; done
    "$SHARED/bench/mutate.sh" "$s" $((42 + r)) 1 > $B/mutations-$r.txt
    for t in "${TOOLS[@]}"; do run_one mutated "$t" $r "$t-$r" "$(cmd mutated "$t" "$s" "$t-$r")"; done
    for t in "${TOOLS[@]}"; do echo "missed,$t,$r,$t-$r,$(differing "$s" "$t-$r")" | tee -a $B/missed.csv; done
  done
}

summary() {
  awk -F, 'NR > 1 { k = $1 "," $2; n[k]++; w[k, n[k]] = $6; d[k, n[k]] = $8; if ($5 != 0) bad[k]++ }
    function med(a, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[k, i] + 0;
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
    END { print "phase,tool,runs,nonzero_exit,median_wall_s,median_bytes_down";
      for (k in n) printf "%s,%d,%d,%.2f,%.0f\n", k, n[k], bad[k] + 0, med(w, k, n[k]), med(d, k, n[k]) }' "$CSV" | sort
  [ -f $B/missed.csv ] && { echo "files still differing after the mutated update (per round):"; cat $B/missed.csv; }
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  bench) bench ;;
  summary) summary ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
