#!/usr/bin/env bash
# Start-up benchmark: starts the built jar N times on one H2 database and prints, per start and as
# the median, the wall-clock time and the CPU time (user + system of the service process) from the
# launch until /actuator/health answers UP, and the resident memory at that moment. The first start
# migrates a fresh database; the median is taken over the starts after it (an existing database,
# as in production). "Started → UP" is the part of the wall time after Spring's "Started ... (process
# running for ...)" line: Camel's consumers' first polls and the start-up loads still running.
# See docs/operations.md, "Start-up and memory".
#
#   bench/startup.sh                                   # 5 starts, the recommended JVM options
#   bench/startup.sh --runs=3 --java-opts="-Xmx256m"   # other JVM options
#   bench/startup.sh --cds=true                        # extracted jar with a class data sharing archive
#   bench/startup.sh --jar=/tmp/old.jar                # another build
#   bench/startup.sh --java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --aot=true
#                                                      # JDK 25's ahead-of-time cache (classes loaded
#                                                      # and linked, method profiles) instead of --cds
#   bench/startup.sh --spring-aot=true                 # a jar built with mvn -Paot package, started with
#                                                      # -Dspring.aot.enabled=true (Spring's ahead-of-time
#                                                      # processing; combines with --cds or --aot)
#   bench/startup.sh --args="--camel.main.lazy-start-producer=true"
#                                                      # extra settings for the service
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUNS=5
JAR=target/meldeweg.jar
CDS=false
AOT=false
JAVA=java
SPRING_AOT=false
APP_ARGS=
JAVA_OPTS_DEFAULT=$(sed -n 's/^JAVA_OPTS_RECOMMENDED="\(.*\)"$/\1/p' bench/jvm-options.sh)
JOPTS="$JAVA_OPTS_DEFAULT"
for arg in "$@"; do
    case "$arg" in
        --runs=*) RUNS=${arg#*=} ;;
        --jar=*) JAR=${arg#*=} ;;
        --cds=*) CDS=${arg#*=} ;;
        --aot=*) AOT=${arg#*=} ;;
        --java=*) JAVA=${arg#*=} ;;
        --java-opts=*) JOPTS=${arg#*=} ;;
        --spring-aot=*) SPRING_AOT=${arg#*=} ;;
        --args=*) APP_ARGS=${arg#*=} ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done
if [ "$JAR" = target/meldeweg.jar ] && { [ ! -f target/meldeweg.jar ] || [ -n "$(find pom.xml src -newer target/meldeweg.jar -type f 2>/dev/null | head -1)" ]; }; then
    mvn -B -q package -DskipTests
fi
WORK=$(mktemp -d /tmp/meldeweg-startup.XXXXXX)
PID=
cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
if [ "$SPRING_AOT" = true ]; then
    if [ "$(unzip -l "$JAR" | grep -c 'MeldewegApplication__ApplicationContextInitializer')" = 0 ]; then
        echo "$JAR holds no ahead-of-time processed context: build it with mvn -B -Paot package -DskipTests" >&2; exit 2
    fi
    JOPTS="$JOPTS -Dspring.aot.enabled=true"
fi
TICKS=$(getconf CLK_TCK)
RUN_JAR=$JAR
if [ "$CDS" = true ] || [ "$AOT" = true ]; then
    # Class data sharing needs the classes as plain jars: Spring Boot's extracted layout.
    java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
    RUN_JAR="$WORK/app/$(basename "$JAR")"
fi
SECRET=startup-bench-secret
KEY=$(head -c 32 /dev/urandom | base64)
HASH_KEY=$(head -c 32 /dev/urandom | base64)

# One start: prints "wall_s cpu_s rss_mb"; extra JVM options as arguments.
start_once() {
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    local t0 t1
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    env -u JAVA_TOOL_OPTIONS MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "$JAVA" $JOPTS "$@" -jar "$RUN_JAR" \
        --server.port="$port" --server.address=127.0.0.1 \
        --spring.datasource.url="jdbc:h2:file:$WORK/db/meldeweg;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=1024" \
        --meldeweg.whatsapp.app-secret=$SECRET --meldeweg.outbox-dir="$WORK/outbox" \
        --meldeweg.crypto.key="$KEY" --meldeweg.crypto.hash-key="$HASH_KEY" $APP_ARGS \
        >"$WORK/service.log" 2>&1 &
    PID=$!
    local deadline=$((SECONDS + 900))
    until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
        if ! kill -0 "$PID" 2>/dev/null; then echo "service exited during start-up:" >&2; tail -20 "$WORK/service.log" >&2; exit 1; fi
        if [ $SECONDS -gt $deadline ]; then echo "not healthy within 900 s" >&2; kill "$PID"; exit 1; fi
        sleep 0.05
    done
    t1=$(date +%s.%N)
    local stat cpu rss
    stat=$(sed 's/.*) //' "/proc/$PID/stat")
    cpu=$(echo "$stat" | awk -v t="$TICKS" '{printf "%.1f", ($12 + $13) / t}')
    rss=$(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$PID/status")
    # The JIT compilers' share: CPU of the threads named C1/C2 CompilerThread.
    local jit=0 task
    for task in /proc/"$PID"/task/*; do
        if grep -q '^C[12] CompilerThre' "$task/comm" 2>/dev/null; then
            jit=$(sed 's/.*) //' "$task/stat" | awk -v j="$jit" '{print j + $12 + $13}')
        fi
    done
    jit=$(awk -v j="$jit" -v t="$TICKS" 'BEGIN {printf "%.1f", j / t}')
    # Spring's "Started ... (process running for Y)": the JVM's age when the context was started; the wall
    # time to health UP less that is what came after (Camel's consumers' first polls, the start-up loads).
    local started after
    started=$(grep -o 'process running for [0-9.]*' "$WORK/service.log" | head -1 | awk '{print $4}')
    after=$(awk -v w="$(echo "$t1 - $t0" | bc)" -v s="${started:-0}" 'BEGIN {printf "%.1f", (s > 0) ? w - s : -1}')
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    printf '%.1f %s %s %s %s\n' "$(echo "$t1 - $t0" | bc)" "$cpu" "$rss" "$jit" "$after"
}

if [ "$CDS" = true ]; then
    # Training start: the archive is written when the service stops.
    start_once -XX:ArchiveClassesAtExit="$WORK/app/meldeweg.jsa" >/dev/null
    touch "$WORK/.migrated"   # the training start migrated the database
    CDS_OPT=-XX:SharedArchiveFile="$WORK/app/meldeweg.jsa"
elif [ "$AOT" = true ]; then
    # Training start (JDK 25+): the ahead-of-time cache is written when the service stops.
    start_once -XX:AOTCacheOutput="$WORK/app/meldeweg.aot" >/dev/null
    touch "$WORK/.migrated"
    CDS_OPT=-XX:AOTCache="$WORK/app/meldeweg.aot"
else
    CDS_OPT=
fi
echo "## Start-up to health UP"
echo
echo "$(date '+%Y-%m-%d %H:%M'), commit \`$(git describe --always --dirty 2>/dev/null || echo unknown)\`, load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores,"
echo "Java \`$("$JAVA" -version 2>&1 | head -1)\`, JVM options \`$JOPTS${CDS_OPT:+ ${CDS_OPT%%=*}=...}\`, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}, jar \`$RUN_JAR\`${APP_ARGS:+, settings \`$APP_ARGS\`}."
echo
echo "| start | database | wall s | CPU s | of it JIT s | Started → UP s | RSS MB | load |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
WALLS=(); CPUS=(); RSSS=()
for i in $(seq 1 "$RUNS"); do
    # shellcheck disable=SC2086
    read -r wall cpu rss jit after < <(start_once $CDS_OPT)
    if [ ! -f "$WORK/.migrated" ]; then kind="fresh (migrates)"; touch "$WORK/.migrated"; else kind=existing; fi
    echo "| $i | $kind | $wall | $cpu | $jit | $after | $rss | $(cut -d' ' -f1 /proc/loadavg) |"
    if [ "$kind" = existing ] || [ "$RUNS" -eq 1 ]; then WALLS+=("$wall"); CPUS+=("$cpu"); RSSS+=("$rss"); fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo
echo "Median over the starts on the existing database: **$(median "${WALLS[@]}") s wall, $(median "${CPUS[@]}") s CPU**, $(median "${RSSS[@]}") MB resident at health UP."
