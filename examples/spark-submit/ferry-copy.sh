#!/usr/bin/env bash
# Copy or update a tree on a Spark cluster with the Ferry application jar.
#
# Usage: ferry-copy.sh SRC DEST [more ferry flags, e.g. --update --report /tmp/r.json]
# Env:   SPARK_HOME     where bin/spark-submit is (required)
#        SPARK_MASTER   default yarn
#        FERRY_JAR      default: the repository's cli/target/ferry-app.jar
#        SPARK_SUBMIT_ARGS  extra spark-submit arguments, e.g. "--num-executors 20 --executor-cores 4"
# Exit code: Ferry's (0 done, 1 files failed, 2 bad input, 3 aborted).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${FERRY_JAR:-$HERE/../../cli/target/ferry-app.jar}
SRC=$1 DEST=$2
shift 2
# shellcheck disable=SC2086
exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master "${SPARK_MASTER:-yarn}" --deploy-mode client \
  --name "ferry $SRC -> $DEST" \
  --conf spark.ui.showConsoleProgress=false \
  ${SPARK_SUBMIT_ARGS:-} \
  --class dev.ferry.cli.FerryMain "$JAR" \
  --src "$SRC" --dest "$DEST" "$@"
