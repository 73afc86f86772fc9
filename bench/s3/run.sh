#!/usr/bin/env bash
# run.sh - Ferry vs Hadoop DistCp 3.3.6 (local MR), local disk -> S3Proxy 4.1.0 on 127.0.0.1,
# through a counting TCP relay (bytes client->server, "x-amz-copy-source:" headers).
#
#   run.sh setup            build Ferry (a clone of this repository), fetch DistCp jars, make dataset
#   (everything happens in S3BENCH, default /tmp/s3bench; CountingRelay.java is copied there)
#   run.sh start            start S3Proxy (:18080) and the relay (:18081 -> :18080)
#   run.sh stop             stop both (by pid)
#   run.sh smoke            tiny copy with each tool (source mixed/d00) to check the setup
#   run.sh bench [BLOCK]    BLOCK main:   warm-up + RUNS x alternating ferry / distcp (defaults)
#                           BLOCK nobw:   warm-up + RUNS x alternating ferry / distcp -bandwidth 10000
#   run.sh verify PREFIX    compare s3data/bench/PREFIX with the source (count, bytes, sha256 sample)
#   run.sh summary          medians per block/tool from results.csv
#   run.sh clean            delete all run prefixes (only at the very end)
set -euo pipefail
export LC_ALL=C

B=${S3BENCH:-/tmp/s3bench}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
SRC=/tmp/ferry-bench/src/mixed
S3JAR=$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar
S3PORT=18080
RELAYPORT=18081
AK=benchkey
SK=benchsecret
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
CSV=$B/results.csv
STATS=$B/relay.stats

S3A=(
  fs.s3a.endpoint=http://127.0.0.1:$RELAYPORT
  fs.s3a.endpoint.region=us-east-1
  fs.s3a.path.style.access=true
  fs.s3a.connection.ssl.enabled=false
  fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider
  fs.s3a.access.key=$AK
  fs.s3a.secret.key=$SK
)

setup() {
  [ -d $B/ferry ] || git clone "$ROOT" $B/ferry
  (cd $B/ferry && { mvn -B -q -o -DskipTests install || mvn -B -q -DskipTests install; })
  $B/ferry/bin/ferry --help >/dev/null          # builds the CDS start-up archive
  mkdir -p $B/peer $B/distcp-lib
  cp -r $SHARED/bench/peers/hadoop/conf $B/peer/
  sed 's#</dependencies>#  <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-aws</artifactId><version>${hadoop.version}</version></dependency>\n  </dependencies>#' \
    $SHARED/bench/peers/hadoop/pom.xml > $B/peer/pom.xml
  (cd $B/peer && mvn -B -q dependency:copy-dependencies -DoutputDirectory=$B/distcp-lib -DincludeScope=runtime)
  rm -f $B/distcp-lib/log4j-1.2.17.jar $B/distcp-lib/slf4j-log4j12-*.jar
  [ -d $SRC ] || /work/shared/bench/gen.sh /tmp/ferry-bench/src 42 mixed
  mkdir -p $B/s3data/bench
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
}

start() {
  cd $B
  nohup java -jar "$S3JAR" --properties $B/s3proxy.conf > $B/s3proxy.log 2>&1 & echo $! > $B/s3proxy.pid
  cp "$ROOT/bench/s3/CountingRelay.java" $B/CountingRelay.java
  nohup java $B/CountingRelay.java $RELAYPORT $S3PORT $STATS > $B/relay.log 2>&1 & echo $! > $B/relay.pid
  sleep 5
}

stop() {
  for p in relay s3proxy; do [ -f $B/$p.pid ] && kill "$(cat $B/$p.pid)" 2>/dev/null || true; rm -f $B/$p.pid; done
}

ferry_cmd() {  # ferry_cmd SRC DEST
  local a=() kv
  for kv in "${S3A[@]}"; do a+=(--hadoopConf "$kv"); done
  echo "$B/ferry/bin/ferry --quiet --src $1 --dest $2 ${a[*]}"
}

distcp_cmd() {  # distcp_cmd [distcp args...]  (as run_peers.sh, plus the S3A settings)
  local d=() kv
  for kv in "${S3A[@]}"; do d+=(-D "$kv"); done
  echo "java -Dlog4j.configuration=file:$B/peer/conf/log4j.properties -cp '$B/peer/conf:$B/distcp-lib/*' \
org.apache.hadoop.tools.DistCp -D mapreduce.framework.name=local -D mapreduce.local.map.tasks.maximum=2 ${d[*]} -m 2 $*"
}

stat_now() { sleep 1; cat $STATS.ext; }   # relay rewrites it every 200 ms

# run_one BLOCK TOOL RUN PREFIX CMD : time CMD, record relay deltas
run_one() {
  local block=$1 tool=$2 run=$3 prefix=$4 cmd=$5 rc=0 w u0 c0 d0 n0 r0 u1 c1 d1 n1 r1 tf log
  tf=$(mktemp); log=$B/logs/$prefix.log; mkdir -p $B/logs
  sync
  read -r u0 c0 d0 n0 r0 < <(stat_now)
  echo "$cmd" > "$log"
  /usr/bin/time -f '%e' -o "$tf" bash -c "$cmd" >>"$log" 2>&1 || rc=$?
  read -r u1 c1 d1 n1 r1 < <(stat_now)
  w=$(tail -n 1 "$tf"); rm -f "$tf"
  [ -s "$CSV" ] || echo "block,tool,run,prefix,exit,wall_s,bytes_up,copy_requests,bytes_down,connections,requests,src_bytes" > "$CSV"
  echo "$block,$tool,$run,$prefix,$rc,$w,$((u1-u0)),$((c1-c0)),$((d1-d0)),$((n1-n0)),$((r1-r0)),$SRC_BYTES" | tee -a "$CSV"
}

verify() {  # verify PREFIX
  local d=$B/s3data/bench/$1 f ok=1
  local sn sb dn db
  sn=$(find $SRC -type f | wc -l); sb=$(find $SRC -type f -printf '%s\n' | awk '{t+=$1} END {printf "%.0f", t}')
  dn=$(find $d -type f | wc -l); db=$(find $d -type f -printf '%s\n' | awk '{t+=$1} END {printf "%.0f", t}')
  echo "verify $1: source $sn files $sb bytes; destination $dn files $db bytes"
  [ "$sn" = "$dn" ] && [ "$sb" = "$db" ] || ok=0
  # same relative names and sizes for every file
  if ! diff <(cd $SRC && find . -type f -printf '%P %s\n' | sort) <(cd $d && find . -type f -printf '%P %s\n' | sort) >/dev/null; then
    echo "verify $1: name/size listing differs"; ok=0; fi
  # sha256 of a sample: the 3 largest, 3 smallest and 6 spread over the sorted name list
  local names; names=$(cd $SRC && find . -type f -printf '%P\n' | sort)
  for f in $( (cd $SRC && find . -type f -printf '%s %P\n' | sort -n | sed -n '1,3p;$p' | cut -d' ' -f2;
               find . -type f -printf '%s %P\n' | sort -n | tail -3 | cut -d' ' -f2;
               echo "$names" | awk -v n="$sn" 'NR % int(n / 6 + 1) == 1') | sort -u); do
    if [ ! -f "$d/$f" ] || [ "$(sha256sum < "$SRC/$f")" != "$(sha256sum < "$d/$f")" ]; then
      echo "verify $1: sha256 differs or missing: $f"; ok=0; fi
  done
  echo "verify $1: sha256 checked on $(echo $( (cd $SRC && find . -type f -printf '%s %P\n' | sort -n | sed -n '1,3p' | cut -d' ' -f2; find . -type f -printf '%s %P\n' | sort -n | tail -3 | cut -d' ' -f2; echo "$names" | awk -v n="$sn" 'NR % int(n / 6 + 1) == 1') | sort -u | wc -l)) files"
  [ $ok = 1 ] && echo "verify $1: OK" || { echo "verify $1: FAILED"; return 1; }
}

SRC_BYTES=$(find $SRC -type f -printf '%s\n' 2>/dev/null | awk '{t+=$1} END {printf "%.0f", t}')

bench() {  # bench BLOCK
  local block=${1:-main} extra="" r prefix
  [ "$block" = nobw ] && extra="-bandwidth 10000"
  for ((r = 1 - WARMUP; r <= RUNS; r++)); do
    prefix=$block-ferry-$r;  [ $r -lt 1 ] && prefix=$block-ferry-warmup
    run_one $block ferry $r $prefix "$(ferry_cmd $SRC s3a://bench/$prefix)"
    [ $r = 1 ] && verify $prefix | tee -a $B/verify.log
    prefix=$block-distcp-$r; [ $r -lt 1 ] && prefix=$block-distcp-warmup
    run_one $block "distcp${extra:+-bw10000}" $r $prefix "$(distcp_cmd $extra file://$SRC s3a://bench/$prefix)"
    [ $r = 1 ] && verify $prefix | tee -a $B/verify.log
  done
}

smoke() {
  local s=$SRC/d00
  SRC=$s; SRC_BYTES=$(find $s -type f -printf '%s\n' | awk '{t+=$1} END {printf "%.0f", t}')
  CSV=$B/smoke.csv
  run_one smoke ferry 0 smoke-ferry "$(ferry_cmd $s s3a://bench/smoke-ferry)"; verify smoke-ferry || true
  run_one smoke distcp 0 smoke-distcp "$(distcp_cmd file://$s s3a://bench/smoke-distcp)"; verify smoke-distcp || true
}

summary() {
  awk -F, 'NR > 1 && $3 >= 1 { k = $1 "," $2; n[k]++; w[k, n[k]] = $6; u[k, n[k]] = $7; c[k, n[k]] = $8; if ($5 != 0) bad[k]++ }
    function med(a, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[k, i] + 0;
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
    END { print "block,tool,runs,nonzero_exit,median_wall_s,median_bytes_up,median_copy_requests";
      for (k in n) printf "%s,%d,%d,%.2f,%.0f,%.0f\n", k, n[k], bad[k] + 0, med(w, k, n[k]), med(u, k, n[k]), med(c, k, n[k]) }' "$CSV" | sort
}

case ${1:-} in
  setup) setup ;;
  start) start ;;
  stop) stop ;;
  smoke) smoke ;;
  bench) bench "${2:-main}" ;;
  verify) verify "${2:?PREFIX}" ;;
  summary) summary ;;
  clean) rm -rf $B/s3data/bench/main-* $B/s3data/bench/nobw-* $B/s3data/bench/smoke-* ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
