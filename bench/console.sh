#!/usr/bin/env bash
# Console benchmark (issue 12): embedded PostgreSQL (or the service's H2 file, --db=h2) seeded with
# 100,000 cases and 1,000,000 messages, the service jar against it, every console page measured signed in through the form,
# and the webhook's ingest with and without the overview panel polling. See
# docs/testing-and-benchmarks.md, "Console benchmark".
#
#   bench/console.sh                                   # the full run with the defaults below (about 15 minutes on a quiet machine)
#   bench/console.sh --quick=true                      # a few minutes: 20,000 cases, 20 requests, 3 ingest rounds of 5 s; proves the method, decides nothing
#   bench/console.sh --requests=100 --warmup=20        # requests per page
#   bench/console.sh --pages=overview,cases            # only pages whose name starts so
#   bench/console.sh --cases=20000 --messages=200000   # a smaller seed
#   bench/console.sh --pipeline=running                # ingest with the pipeline working, its backlog drained before each run
#   bench/console.sh --java-opts=-Xmx1g                # JVM options of the service
#   bench/console.sh --hold=true                       # seed, then keep database and service up for EXPLAIN by hand
#   bench/console.sh --db=h2                           # on H2 (file) with the service's default settings (CACHE_SIZE=1024)
#   bench/console.sh --db=h2 --h2-options='WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=16384'
#                                                      # on H2 with other settings, here H2's own 16 MB page cache
#
# Defaults (each can be given as --name=value; --quick=true changes those marked *):
#   --cases=100000* --messages=1000000*        the seed
#   --requests=100* --warmup=20*               requests per page, after warm-up requests of every page
#   --ingest-warmup=120* --ingest-rounds=12* --ingest-seconds=15*
#                                              ingest: warm-up (s, half of it polled), then rounds of one run
#                                              without and one with the console polling (s per run), ABBA order
#   --connections=16 --poll=PT1S               webhook workers; how often the overview panel is polled
#   --pipeline=paused                          paused: intake, case-assembly, delivery-send, whatsapp-send and
#                                              media-fetch are stopped (console routes page) during the ingest
#                                              runs, the webhook alone is measured; running: everything runs and
#                                              the backlog is drained before each run (service started with
#                                              --grouping-window=PT5S and no flood hold, bench only)
#   --drain-timeout=PT10M*                     pipeline running: longest wait for an empty backlog before a run
#   --db=postgres                              postgres: embedded PostgreSQL 17, seeded with COPY; h2: an H2 file in the
#                                              work dir, opened by the service, seeded with batched INSERTs, then ANALYZE
#   --h2-options=<the service's>               --db=h2: the settings after the file name in the H2 URL, by default those of
#                                              application.yaml's URL (EndToEndBenchmark.SERVICE_H2_OPTIONS:
#                                              WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=1024);
#                                              the benchmark adds AUTO_SERVER=TRUE for its own connections
#   --explain=false --hold=false --pages= --java-opts= --jar=target/meldeweg.jar --out=bench/out
#
# Prints the report (Markdown) and writes it to bench/out/console-<timestamp>.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ ! -f target/meldeweg.jar ] || [ -n "$(find pom.xml src/main routes -newer target/meldeweg.jar -type f 2>/dev/null | head -1)" ]; then
    echo "[console-bench] building target/meldeweg.jar (mvn -B -q package -DskipTests)" >&2
    mvn -B -q package -DskipTests
fi
if [ ! -f target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
if [ ! -f target/test-classes/de/meldeweg/bench/ConsoleBenchmark.class ] \
        || [ src/test/java/de/meldeweg/bench/ConsoleBenchmark.java -nt target/test-classes/de/meldeweg/bench/ConsoleBenchmark.class ]; then
    mvn -B -q test-compile
fi
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src routes 2>/dev/null || echo '+local-changes')"
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" de.meldeweg.bench.ConsoleBenchmark \
    "--commit=$COMMIT" "$@"
