#!/usr/bin/env bash
# End-to-end benchmark: webhook -> mail accepted by SMTP and ticket created, at fixed report
# rates, on H2 and on PostgreSQL, with the no-op endpoint at the same rates as the baseline,
# plus start-up time and resident memory. See docs/testing-and-benchmarks.md, "Benchmark".
#
#   bench/e2e.sh                 # H2 and PostgreSQL, 10, 50 and 200 reports/s, 20 s each
#   bench/e2e.sh --db=postgres --rates=50 --seconds=30
#   bench/e2e.sh --db=h2 --rates=50 --watch=true           # rows per state of every stage, once a second
#   bench/e2e.sh --db=h2 --rates=50 --java-opts=-Xmx512m   # JVM options of the service
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ ! -f target/meldeweg.jar ] || [ -n "$(find pom.xml src -newer target/meldeweg.jar -type f 2>/dev/null | head -1)" ]; then
    mvn -B -q package -DskipTests
fi
if [ ! -f target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
if [ $# -eq 0 ] || ! printf '%s\n' "$@" | grep -q -- '--db='; then
    for db in h2 postgres; do java -cp "$CP" de.meldeweg.bench.EndToEndBenchmark --db=$db "$@"; done
else
    java -cp "$CP" de.meldeweg.bench.EndToEndBenchmark "$@"
fi
