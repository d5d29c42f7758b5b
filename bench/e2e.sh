#!/usr/bin/env bash
# End-to-end benchmark: webhook -> mail accepted by SMTP and ticket created, at fixed report
# rates, on H2 and on PostgreSQL, with the no-op endpoint at the same rates as the baseline,
# plus start-up time and resident memory. See docs/testing-and-benchmarks.md, "Benchmark".
#
#   bench/e2e.sh                 # H2 and PostgreSQL, 10, 50 and 200 reports/s, 20 s each
#   bench/e2e.sh --db=postgres --rates=50 --seconds=30
#   bench/e2e.sh --db=h2 --rates=50 --watch=true           # rows per state of every stage, once a second
#   bench/e2e.sh --db=postgres --rates=50 --pg-statements=true   # statements per report (pg_stat_statements)
#   bench/e2e.sh --db=postgres --rates=50 --pg-synchronous-commit=on   # commits wait for fsync, as in production
#   bench/e2e.sh --db=h2 --rates=50 --java-opts=-Xmx512m   # JVM options of the service
#   bench/e2e.sh --db=h2 --rates=50 --cds=true    # class data sharing: the extracted jar, a training start, then the measured one
#   bench/e2e.sh --db=h2 --footprint              # the memory target: 10,000 reports at 50/s, RSS after, at its peak and after 240 s idle, heap histogram, H2's file
#   bench/e2e.sh --db=h2 --rates=50 --reports=2000 --baseline=false   # a count of reports instead of seconds, no no-op baseline
#   bench/e2e.sh --db=h2 --rates=50 --seconds=60 --warm-up-seconds=180   # the service once its JIT compilers are mostly done (default warm-up: 5 s)
#   bench/e2e.sh --db=h2 --footprint --idle-seconds=120 --java-opts="... -XX:NativeMemoryTracking=summary"
#                                # RSS and native memory right after the run and again after 120 s idle
#   bench/e2e.sh --db=h2 --footprint --java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   # the service on another JVM
#
# The service runs with the recommended JVM options (bench/jvm-options.sh) and MALLOC_ARENA_MAX=2
# unless --java-opts= (or the environment's MALLOC_ARENA_MAX) says otherwise.
#
# Every run's report ends with one table line per rate (date, commit, load average, no-op baseline
# of the same run, CPU per report, RSS) for docs/testing-and-benchmarks.md.
set -euo pipefail
# Whether an argument starts with the given text. (Not `printf ... | grep -q`: under pipefail, grep -q
# leaving early can make printf's SIGPIPE fail the pipeline, and then e.g. --db=h2 ran H2 twice.)
has() { local a; for a in "${@:2}"; do [[ $a == "$1"* ]] && return 0; done; return 1; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ ! -f target/meldeweg.jar ] || [ -n "$(find pom.xml src -newer target/meldeweg.jar -type f 2>/dev/null | head -1)" ]; then
    mvn -B -q package -DskipTests
fi
if [ ! -f target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
EXTRA=("--commit=$(git describe --always --dirty 2>/dev/null || echo unknown)")
if ! has --java-opts= "$@"; then
    . bench/jvm-options.sh
    EXTRA+=("--java-opts=$JAVA_OPTS_RECOMMENDED")
fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
if has --cds=true "$@"; then
    # Class data sharing needs the classes as plain jars on the class path: Spring Boot's extracted layout.
    if [ ! -f target/extracted/meldeweg.jar ] || [ target/meldeweg.jar -nt target/extracted/meldeweg.jar ]; then
        rm -rf target/extracted
        java -Djarmode=tools -jar target/meldeweg.jar extract --destination target/extracted
    fi
    EXTRA+=("--jar=target/extracted/meldeweg.jar")
fi
if ! has --db= "$@"; then
    for db in h2 postgres; do java -cp "$CP" de.meldeweg.bench.EndToEndBenchmark --db=$db "${EXTRA[@]}" "$@"; done
else
    java -cp "$CP" de.meldeweg.bench.EndToEndBenchmark "${EXTRA[@]}" "$@"
fi
