#!/usr/bin/env bash
# Runs EmbedJob on a Spark standalone cluster of real executor JVMs on this machine, without a Spark distribution:
# local-cluster[2,1,1024] starts a master and two workers inside the driver, and each worker forks its executor JVM
# from $SPARK_HOME/jars, here a folder of links to the jars Maven resolved for the spark module.
#
#   spark/src/test/scripts/local-cluster.sh <input.jsonl> <output> [more EmbedJob options]
#
# e.g. spark/src/test/scripts/local-cluster.sh corpus.jsonl out/embeddings --model-path core/src/test/resources/tiny-nomic-moe
# Build first (from the repository root): mvn -B -ntp -pl spark -am test-compile -DskipTests
# Executor logs: spark/target/local-cluster-spark-home/work/<app>/<executor>/stderr. Java 17 or 21 (not 23+).
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ $# -ge 2 ] || { sed -n '2,10p' "$0"; exit 2; }
input=$1; output=$2; shift 2

mvn -B -ntp -q -pl spark dependency:build-classpath -Dmdep.outputFile=target/spark-cp.txt -Dmdep.includeScope=test
cp="spark/target/classes:core/target/classes:$(cat spark/target/spark-cp.txt)"
home=spark/target/local-cluster-spark-home
rm -rf "$home" && mkdir -p "$home/jars"
tr ':' '\n' < spark/target/spark-cp.txt | while read -r jar; do
  [ -f "$jar" ] && ln -sf "$(realpath "$jar")" "$home/jars/$(basename "$jar")"
done

SPARK_HOME=$(realpath "$home") SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx768m @spark/src/main/jvm/spark-java17.options \
  -cp "$cp" \
  -Dspark.master='local-cluster[2,1,1024]' -Dspark.executor.memory=640m -Dspark.executor.cores=1 \
  -Dspark.executor.extraClassPath="$(realpath spark/target/classes):$(realpath core/target/classes)" \
  -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
  io.github.nomicembed.spark.EmbedJob --input "$input" --output "$output" "$@"
