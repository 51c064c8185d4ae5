#!/usr/bin/env bash
# Runs every benchmark and writes bench/results/<date>.md plus the summary table in docs/BENCHMARKS.md.
#   bench/run.sh                      the full run (about 30 minutes on 2 cores)
#   BENCH_OPTS="-Dbench.seconds=3 -Dbench.warmup.seconds=2 -Dbench.rounds=1 -Dbench.agents=50 \
#     -Dbench.results=/tmp/bench" bench/run.sh      a quick trial of the harness (report elsewhere, docs untouched)
#   BENCH_OPTS="-Dbench.only=1,3 -Dbench.results=/tmp/bench" bench/run.sh   only targets 1 and 3
# Needs wrk and taskset (apt-get install wrk util-linux) and two CPUs: the service under test runs on CPU 0,
# PostgreSQL, Kafka, wrk and the constant-rate load generator on CPU 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset is missing: sudo apt-get install -y util-linux" >&2; exit 1; }
[[ $(nproc --all) -ge 2 ]] || { echo "the benchmarks need two CPUs" >&2; exit 1; }

echo "Building (./mvnw -B -q package -DskipTests) ..."
./mvnw -B -q -ntp package -DskipTests

# shellcheck disable=SC2086
exec taskset -c 1 java -Xmx512m ${BENCH_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.agora.bench.runner.BenchRunner "$ROOT"
