#!/usr/bin/env bash
# Meldeweg webhook benchmark: durable ingest (POST /webhooks/whatsapp) against a Camel
# platform-http no-op route on the same server, with wrk on loopback.
#
#   bench/run.sh [--spring.or.meldeweg.property=value ...]
#
# Arguments are passed on to the service (they win over the benchmark's own settings), e.g.
#   bench/run.sh --meldeweg.webhook.writer-threads=4
#
# Environment knobs (defaults in brackets):
#   BENCH_DURATION     measured seconds per run                         [15]
#   BENCH_WARMUP       warm-up seconds before every measured run        [5]
#   BENCH_JIT_MAX      longest JIT warm-up per endpoint, in seconds: load is applied in 10 s
#                      rounds until the JVM's C2 compile queue has drained [180]
#   BENCH_CONNECTIONS  connection counts                                ["16 64"]
#   BENCH_WRK_THREADS  wrk threads                                      [2]
#   BENCH_BODIES       distinct signed bodies generated beforehand      [2000]
#   BENCH_SENDERS      distinct senders among them                      [= BENCH_BODIES]
#   BENCH_ENDPOINTS    which endpoints to measure (for experiments)    ["noop webhook"]
#   BENCH_DB           h2: embedded H2 file database with WRITE_DELAY=0; postgres: an embedded
#                      PostgreSQL 17 server (the tests' artifact) with real commits      [h2]
#   BENCH_INTAKE       on: intake route processes stored events during the runs, as in
#                      production; off: intake route not loaded (pure ingest)  [on]
#   BENCH_JAVA_OPTS    JVM options for the service                      []
#   BENCH_TMP          parent of the temp dir (H2 database, log)        [$TMPDIR or /tmp]
#   BENCH_KEEP         1: keep the temp dir (database, full log)        [0]
#   BENCH_OUT          results directory                                [bench/out/<timestamp>]
#
# Everything stays on 127.0.0.1; the service is stopped on exit (trap), also on Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-5}
JIT_MAX=${BENCH_JIT_MAX:-180}
CONNECTIONS=${BENCH_CONNECTIONS:-16 64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
BODIES=${BENCH_BODIES:-2000}
SENDERS=${BENCH_SENDERS:-$BODIES}
INTAKE=${BENCH_INTAKE:-on}
DB=${BENCH_DB:-h2}
ENDPOINTS=${BENCH_ENDPOINTS:-noop webhook}
KEEP=${BENCH_KEEP:-0}
START_TIMEOUT=180
SECRET="meldeweg-bench-app-secret"
JAR="$ROOT/target/meldeweg.jar"
WEBHOOK_PATH=/webhooks/whatsapp
NOOP_PATH=/bench/noop
LUA="$ROOT/bench/wrk/signed-post.lua"
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${BENCH_OUT:-$ROOT/bench/out/$STAMP}
HZ=$(getconf CLK_TCK)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
command -v java >/dev/null || die "java (17+) is required"
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "wrk not found: installing the Debian package 'wrk' with apt-get"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
            || die "apt-get install wrk failed"
    else
        die "wrk not found: install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)"
    fi
fi

# ---------------------------------------------------------------- build
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
    command -v mvn >/dev/null || die "target/meldeweg.jar is missing or stale and mvn is not installed"
    log "building target/meldeweg.jar (mvn -B -q package -DskipTests)"
    mvn -B -q package -DskipTests || die "build failed"
fi

# ---------------------------------------------------------------- temp dir, cleanup
mkdir -p "$OUT"
WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/meldeweg-bench.XXXXXX")
if [ "$(stat -f -c %T "$WORK" 2>/dev/null)" = tmpfs ]; then
    log "WARNING: $WORK is on tmpfs: commits cost no disk I/O, ingest figures will be too good (set BENCH_TMP)"
fi
SERVICE_PID=
WRK_PID=
PG_PID=

stop_service() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill -TERM "$SERVICE_PID" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$SERVICE_PID" 2>/dev/null; then
            log "service did not stop within 30 s: kill -9"
            kill -KILL "$SERVICE_PID" 2>/dev/null || true
        fi
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$WRK_PID" ]; then kill -TERM "$WRK_PID" 2>/dev/null || true; fi
    stop_service
    if [ -n "$PG_PID" ]; then exec 7>&-; wait "$PG_PID" 2>/dev/null || true; fi
    if [ -f "$WORK/service.log" ]; then
        grep -E ' (ERROR|WARN) ' "$WORK/service.log" | grep -v PersonalDataCipher | tail -50 > "$OUT/service-warnings.log" || true
        tail -100 "$WORK/service.log" > "$OUT/service-tail.log" || true
    fi
    if [ "$KEEP" = 1 ] || [ $rc -ne 0 ]; then
        log "temp dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- bodies
log "generating $BODIES signed webhook bodies"
java "$ROOT/bench/GenerateBodies.java" "$SECRET" "$BODIES" "$SENDERS" "$WORK/bodies.tsv" >&2

# ---------------------------------------------------------------- service
# ---------------------------------------------------------------- database
DB_ARGS=("--spring.datasource.url=jdbc:h2:file:$WORK/db/meldeweg;WRITE_DELAY=0")
if [ "$DB" = postgres ]; then
    if [ ! -f target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
        mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test \
            || die "could not build the test classpath for the embedded PostgreSQL"
    fi
    [ -d target/test-classes/de/meldeweg/bench ] || mvn -B -q test-compile || die "test-compile failed"
    log "starting an embedded PostgreSQL in $WORK/pg"
    mkfifo "$WORK/pg.in"
    java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" de.meldeweg.bench.BenchPostgres "$WORK/pg" \
        < "$WORK/pg.in" > "$WORK/pg.out" 2>&1 &
    PG_PID=$!
    exec 7> "$WORK/pg.in"
    for _ in $(seq 120); do grep -q '^JDBC_URL=' "$WORK/pg.out" && break; sleep 0.5; done
    PG_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/pg.out")
    [ -n "$PG_URL" ] || { cat "$WORK/pg.out" >&2; die "embedded PostgreSQL did not start"; }
    # Outside embedded H2 the service insists on real keys: throw-away ones for this run.
    DB_ARGS=("--spring.datasource.url=$PG_URL" --spring.datasource.username=postgres --spring.datasource.password=postgres
        "--meldeweg.crypto.key=$(head -c 32 /dev/urandom | base64)" "--meldeweg.crypto.hash-key=$(head -c 32 /dev/urandom | base64)")
fi

ROUTES="file:routes/*.yaml,file:bench/routes/*.yaml"
SERVICE_ARGS=(
    --server.port=0
    --server.address=127.0.0.1
    "${DB_ARGS[@]}"
    "--meldeweg.whatsapp.app-secret=$SECRET"
    "--meldeweg.outbox-dir=$WORK/outbox"
    "--camel.main.routes-include-pattern=$ROUTES"
    # the no-op baseline is a path of its own, closed like every path but the webhook and health
    "--meldeweg.security.open-paths=/webhooks/whatsapp,/actuator/health/**,/bench/**"
)
if [ "$INTAKE" = off ]; then
    SERVICE_ARGS+=("--camel.main.routes-exclude-pattern=file:routes/intake.camel.yaml")
fi
SERVICE_ARGS+=("$@")

log "starting the service ($DB) ${*:+with extra arguments: $*}"
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -jar "$JAR" "${SERVICE_ARGS[@]}" > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!

PORT=
deadline=$((SECONDS + START_TIMEOUT))
while [ -z "$PORT" ]; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -40 "$WORK/service.log" >&2; die "service exited during startup"; }
    [ $SECONDS -lt $deadline ] || { tail -40 "$WORK/service.log" >&2; die "service did not start within ${START_TIMEOUT}s"; }
    PORT=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$WORK/service.log" | head -1)
    [ -n "$PORT" ] || sleep 0.5
done
BASE="http://127.0.0.1:$PORT"
until curl -sf "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$SERVICE_PID" 2>/dev/null || die "service exited during startup"
    [ $SECONDS -lt $deadline ] || die "/actuator/health is not UP within ${START_TIMEOUT}s"
    sleep 0.5
done
log "service up on $BASE (pid $SERVICE_PID), health UP"

# ---------------------------------------------------------------- sanity checks
first=$(head -1 "$WORK/bodies.tsv")
sig=${first%%$'\t'*}
body=${first#*$'\t'}
post() { # path signature -> status code
    curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        ${2:+-H "X-Hub-Signature-256: $2"} --data-binary "$body" "$BASE$1"
}
[ "$(post "$NOOP_PATH" "$sig")" = 200 ] || die "no-op endpoint $NOOP_PATH does not answer 200 (is bench/routes loaded?)"
[ "$(post "$WEBHOOK_PATH" "")" = 401 ] || die "webhook without signature is not answered 401"
[ "$(post "$WEBHOOK_PATH" "sha256=$(printf '0%.0s' $(seq 64))")" = 403 ] || die "webhook with a wrong signature is not answered 403"
[ "$(post "$WEBHOOK_PATH" "$sig")" = 200 ] || die "validly signed webhook is not answered 200"
WEBHOOK_OK=1   # every 2xx the webhook answered: sanity check + warm-ups + measured runs
WEBHOOK_INFLIGHT_MAX=0
log "sanity checks passed (no-op 200, webhook 401/403/200)"

# ---------------------------------------------------------------- load
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
children_ticks() { # sets CHILD_TICKS: CPU of waited-for children of this shell (wrk), from the
    # builtin `times`; must not run in a $(...) subshell, which has no children of its own
    times > "$WORK/times"
    CHILD_TICKS=$(awk -v hz="$HZ" 'NR==2{n=0; for(i=1;i<=2;i++){split($i,a,/[ms]/); n+=a[1]*60+a[2]} printf "%d\n", n*hz}' "$WORK/times")
}

run_wrk() { # label path connections seconds -> writes $WORK/$label.out, sets RESULT
    local label=$1 path=$2 conns=$3 secs=$4
    wrk -t"$WRK_THREADS" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$LUA" "$BASE" \
        -- "$path" "$WORK/bodies.tsv" > "$WORK/$label.out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || die "wrk failed: $(cat "$WORK/$label.out")"
    WRK_PID=
    RESULT=$(sed -n 's/^BENCH_RESULT //p' "$WORK/$label.out")
    [ -n "$RESULT" ] || die "no result from wrk: $(cat "$WORK/$label.out")"
}
field() { local kv; for kv in $RESULT; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done; echo 0; }

RESULTS="$OUT/results.tsv"
printf 'endpoint\tconnections\trps\tp50_ms\tp99_ms\tnon2xx\tsocket_errors\trequests\tserver_cpu_pct\twrk_cpu_pct\tother_cpu_pct\tserver_cpu_us_per_req\tload1\tjit_queue\n' > "$RESULTS"

jit_queue() { # entries in the service's C2 compile queue (-1 if jcmd is not available)
    if command -v jcmd >/dev/null; then
        jcmd "$SERVICE_PID" Compiler.queue 2>/dev/null | grep -cE '^[0-9]+ ' || true
    else
        echo -1
    fi
}

# On 2 cores shared with the load generator (and maybe other people's builds) the JIT lags far
# behind: minutes after start, hundreds of hot methods still wait for C2 and run interpreted,
# and a short warm-up measures the interpreter. So load each endpoint until the C2 queue has
# drained (<= 10 entries), for at least 20 s and at most BENCH_JIT_MAX s.
jit_warmup() { # endpoint path
    local name=$1 path=$2 start=$SECONDS q conns
    conns=${CONNECTIONS##* }
    while :; do
        run_wrk "$name-jit-$((SECONDS - start))" "$path" "$conns" 10
        count_webhook "$name" "$conns"
        q=$(jit_queue)
        log "$name JIT warm-up: $(field rps) req/s, C2 queue $q"
        if [ $((SECONDS - start)) -ge 20 ] && [ "$q" -le 10 ]; then break; fi
        if [ $((SECONDS - start)) -ge "$JIT_MAX" ]; then
            log "WARNING: C2 queue still at $q after ${JIT_MAX}s: figures include not fully compiled code"
            break
        fi
    done
}

thread_ticks() { # file: "tid ticks group" for every thread of the service
    local t
    for t in /proc/"$SERVICE_PID"/task/*; do
        printf '%s %s %s\n' "${t##*/}" \
            "$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')" \
            "$(tr -d '\n' < "$t/comm" 2>/dev/null | tr ' ' '_')"
    done 2>/dev/null | sort > "$1"
}

thread_groups() { # before after -> "task 35 %, webhook-writer 20 %, ..." (share of one core)
    join "$1" "$2" | awk -v hz="$HZ" -v secs="$3" '{
        d = $4 - $2; g = $3
        if (g ~ /^http-nio/) g = "tomcat(http-nio)"; else if (g ~ /^task-/) g = "route(task-N)"
        else if (g ~ /^Camel/) g = "camel-timers(intake)"; else if (g ~ /^webhook-writer/) g = "webhook-writer"
        else if (g ~ /^C[12]_Compiler/) g = "JIT"; else if (g ~ /^(GC|G1)/) g = "GC"
        else g = "other"
        sum[g] += d
    } END { for (g in sum) if (sum[g] > 0) printf "%d %s\n", 100 * sum[g] / hz / secs, g }' |
        sort -rn | awk '{printf "%s%s %s %%", (NR > 1 ? ", " : ""), $2, $1}'
}

count_webhook() { # endpoint connections: adds the last run's 2xx to WEBHOOK_OK
    if [ "$1" = webhook ]; then
        WEBHOOK_OK=$((WEBHOOK_OK + $(field ok)))
        WEBHOOK_INFLIGHT_MAX=$((WEBHOOK_INFLIGHT_MAX + $2))
    fi
}

measure() { # endpoint path connections
    local name=$1 path=$2 conns=$3
    log "$name, $conns connections: warm-up ${WARMUP}s"
    run_wrk "$name-c$conns-warmup" "$path" "$conns" "$WARMUP"
    count_webhook "$name" "$conns"
    log "$name, $conns connections: measuring ${DURATION}s"
    local load1 jq b0 s0 w0 b1 s1 w1
    load1=$(cut -d' ' -f1 /proc/loadavg)
    jq=$(jit_queue)
    thread_ticks "$WORK/threads0"
    children_ticks; w0=$CHILD_TICKS; b0=$(busy_ticks); s0=$(proc_ticks "$SERVICE_PID")
    run_wrk "$name-c$conns" "$path" "$conns" "$DURATION"
    children_ticks; w1=$CHILD_TICKS; b1=$(busy_ticks); s1=$(proc_ticks "$SERVICE_PID")
    thread_ticks "$WORK/threads1"
    printf '%s c=%s: %s\n' "$name" "$conns" "$(thread_groups "$WORK/threads0" "$WORK/threads1" "$(field duration_s)")" >> "$OUT/threads.txt"
    count_webhook "$name" "$conns"
    awk -v name="$name" -v c="$conns" -v r="$RESULT" -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v w="$((w1 - w0))" \
        -v hz="$HZ" -v load1="$load1" -v jq="$jq" 'BEGIN {
            n = split(r, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
            secs = v["duration_s"]; o = b - s - w; if (o < 0) o = 0
            printf "%s\t%d\t%.0f\t%.2f\t%.2f\t%d\t%d\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%s\n", name, c, v["rps"],
                v["p50_us"] / 1000, v["p99_us"] / 1000, v["non2xx"],
                v["connect_err"] + v["read_err"] + v["write_err"] + v["timeouts"], v["requests"],
                100 * s / hz / secs, 100 * w / hz / secs, 100 * o / hz / secs,
                (v["requests"] > 0 ? 1e6 * s / hz / v["requests"] : 0), load1, jq
        }' >> "$RESULTS"
    tail -1 "$RESULTS" | awk -F'\t' '{printf "[bench] -> %s c=%s: %s req/s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s\n", $1, $2, $3, $4, $5, $6, $7}' >&2
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) cores, load $LOAD_BEFORE"
# The no-op runs go first: the webhook runs leave stored events that intake works off in the
# background, which would slow down a no-op run that came after them.
: > "$OUT/threads.txt"
for endpoint in $ENDPOINTS; do
    case $endpoint in
        noop) path=$NOOP_PATH ;;
        webhook) path=$WEBHOOK_PATH ;;
        *) die "unknown endpoint '$endpoint' in BENCH_ENDPOINTS (noop, webhook)" ;;
    esac
    jit_warmup "$endpoint" "$path"
    for c in $CONNECTIONS; do measure "$endpoint" "$path" "$c"; done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- durability count
log "stopping the service (graceful) and counting webhook_event rows"
stop_service
# H2's command-line shell from the service jar; it reads PostgreSQL too, with the jar's driver.
if [ "$DB" = postgres ]; then
    COUNT_DB=(-url "$PG_URL" -driver org.postgresql.Driver -user postgres -password postgres)
else
    COUNT_DB=(-url "jdbc:h2:file:$WORK/db/meldeweg" -user sa -password "")
fi
COUNTS=$(java -cp "$JAR" -Dloader.main=org.h2.tools.Shell org.springframework.boot.loader.launch.PropertiesLauncher \
    "${COUNT_DB[@]}" \
    -sql "SELECT COUNT(*) AS N, COUNT(CASE WHEN STATE = 'RECEIVED' THEN 1 END) AS P FROM WEBHOOK_EVENT" 2>&1) \
    || die "could not count rows: $COUNTS"
ROWS=$(printf '%s\n' "$COUNTS" | awk -F'|' 'NR==2{gsub(/ /,"",$1); print $1}')
PENDING=$(printf '%s\n' "$COUNTS" | awk -F'|' 'NR==2{gsub(/ /,"",$2); print $2}')
[[ "$ROWS" =~ ^[0-9]+$ ]] || die "unexpected output counting rows: $COUNTS"

# ---------------------------------------------------------------- report
{
    echo "## Meldeweg webhook benchmark $STAMP"
    echo
    echo "- commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src routes 2>/dev/null || echo ' (+ local changes)'), $(nproc) cores, wrk -t$WRK_THREADS, ${WARMUP}s warm-up + ${DURATION}s per run, $BODIES bodies of ~1.2 KB, intake $INTAKE, database $DB"
    echo "- service arguments: ${*:-(none)}; JVM options: ${BENCH_JAVA_OPTS:-(none)}"
    echo "- load average (1/5/15 min) before the first run: $LOAD_BEFORE, after the last: $LOAD_AFTER"
    echo
    echo "| endpoint | conns | req/s | p50 ms | p99 ms | non-2xx | sock. err | webhook/no-op | server CPU | wrk CPU | other CPU | server CPU µs/req | load1 | C2 queue |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' 'NR > 1 {
        if ($1 == "noop") noop[$2] = $3
        ratio = ($1 == "webhook" && noop[$2] > 0) ? sprintf("%.0f %%", 100 * $3 / noop[$2]) : ""
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s %% | %s %% | %s %% | %s | %s | %s |\n",
            $1, $2, $3, $4, $5, $6, $7, ratio, $9, $10, $11, $12, $13, $14
    }' "$RESULTS"
    echo
    echo "CPU columns: share of one core during the measured run (200 % = both cores); other = everything"
    echo "on the machine except the service and wrk (e.g. other people's builds). C2 queue: methods"
    echo "waiting for the JIT when the run started (should be near 0)."
    echo
    echo "Service CPU by thread group during the measured runs (share of one core):"
    echo
    sed 's/^/- /' "$OUT/threads.txt"
    echo
    # Targets: H2 at least 30 % of the no-op, PostgreSQL (real commits) at least 25 %.
    awk -F'\t' -v target="$([ "$DB" = postgres ] && echo 25 || echo 30)" \
        'NR > 1 { if ($1 == "noop") n[$2] = $3; if ($1 == "webhook") { w[$2] = $3; p99[$2] = $5 } }
        END { if (16 in n && 16 in w) {
            ok = (w[16] >= target / 100 * n[16] && p99[16] < 50)
            printf "Target at 16 connections (ingest >= %d %% of no-op, p99 < 50 ms): %s (%.0f %%, p99 %s ms)\n",
                target, ok ? "MET" : "NOT MET", 100 * w[16] / n[16], p99[16] } }' "$RESULTS"
    echo
    if [ "$ROWS" -ge "$WEBHOOK_OK" ]; then verdict=OK; else verdict=FAILED; fi
    echo "Durability: $ROWS rows in webhook_event, $WEBHOOK_OK webhook 2xx answers counted (sanity check,"
    echo "JIT warm-up, warm-ups and measured runs) -> rows >= 2xx: $verdict. Surplus $((ROWS - WEBHOOK_OK)) (requests in flight when"
    echo "wrk stopped; at most $WEBHOOK_INFLIGHT_MAX). $PENDING of the rows were still waiting for intake."
} | tee "$OUT/results.md"
log "results in ${OUT#"$ROOT"/}/ (results.md, results.tsv, raw wrk output)"
cp "$WORK"/*.out "$OUT/" 2>/dev/null || true
[ "$ROWS" -ge "$WEBHOOK_OK" ] || exit 2
