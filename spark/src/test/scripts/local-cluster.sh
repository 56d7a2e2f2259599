#!/usr/bin/env bash
# Runs EmbedJob on a Spark standalone cluster of real executor JVMs on this machine, without a Spark distribution:
# local-cluster[2,1,1024] starts a master and two workers inside the driver, and each worker forks its executor JVM
# from $SPARK_HOME/jars, here a folder of links to the jars Maven resolved for the spark module.
#
#   spark/src/test/scripts/local-cluster.sh <input.jsonl> <output> [more EmbedJob options]
#
# e.g. spark/src/test/scripts/local-cluster.sh $PWD/corpus.jsonl $PWD/out --output-format json \
#          --model-path $PWD/core/src/test/resources/tiny-nomic-moe
# Paths must be absolute: executors run in their own work directories.
# Executor logs: spark/target/local-cluster-spark-home/work/<app>/<executor>/stderr. Java 17 or 21 (not 23+).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
[ $# -ge 2 ] || { sed -n '2,11p' "$0"; exit 2; }
input=$1; output=$2; shift 2

# the reactor's class path: the other modules resolve to their target/classes directories
mvn -B -ntp -q -pl spark -am test-compile dependency:build-classpath -Dmdep.outputFile=target/spark-cp.txt \
    -Dmdep.includeScope=test
cp="$(realpath spark/target/classes):$(cat spark/target/spark-cp.txt)"
home=spark/target/local-cluster-spark-home
rm -rf "$home" && mkdir -p "$home/jars"
dirs=""
for entry in $(tr ':' ' ' <<< "$cp"); do
  if [ -f "$entry" ]; then ln -sf "$(realpath "$entry")" "$home/jars/$(basename "$entry")"
  elif [ -d "$entry" ]; then dirs="$dirs${dirs:+:}$(realpath "$entry")"; fi
done

SPARK_HOME=$(realpath "$home") SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx768m @spark/src/main/jvm/spark-java17.options \
  -cp "$cp" \
  -Dspark.master='local-cluster[2,1,1024]' -Dspark.executor.memory=640m -Dspark.executor.cores=1 \
  -Dspark.executor.extraClassPath="$dirs" \
  -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
  io.github.nomicembed.spark.EmbedJob --input "$input" --output "$output" "$@"
