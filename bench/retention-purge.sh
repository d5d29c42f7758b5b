#!/usr/bin/env bash
# Measures the retention purge: loads ROWS expired rows (default 100000; six per citizen: citizen,
# closed case, two messages, a WhatsApp reply, a raw event) into a fresh H2 file database, runs one
# purge while webhooks keep arriving, and prints rows/s and the webhooks' answer times, next to the
# same webhook stream's answer times without a purge (30 s before it, BENCH_BASELINE_SECONDS).
#   bench/retention-purge.sh            # 100,000 rows
#   bench/retention-purge.sh 1000000    # a million
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000}"
QUIET="${BENCH_QUIET:-false}"   # true: no webhooks during the purge
BASELINE="${BENCH_BASELINE_SECONDS:-30}"
rm -rf target/bench-retention
# -Dmeldeweg.test.jvm=: the JDK's own compilers, not the test JVMs' quick-start options (pom.xml)
mvn -B -q test -Dmeldeweg.test.jvm= -Dtest=RetentionPurgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rows="$ROWS" -Dbench.quiet="$QUIET" -Dbench.baseline-seconds="$BASELINE" \
    -Dlogging.level.de.meldeweg.privacy.RetentionPurge=DEBUG -Dlogging.level.de.meldeweg.intake=WARN > target/bench-retention.log 2>&1 || { tail -50 target/bench-retention.log; exit 1; }
cat target/bench-retention/result.txt
