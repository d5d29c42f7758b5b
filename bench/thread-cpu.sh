#!/usr/bin/env bash
# CPU time per thread of a running service over an interval, with the Java thread names
# (docs/performance-rounds.md, "Sixth round: memory"): which threads wake while the service is idle.
#
#   bench/thread-cpu.sh <pid> [seconds]      # default 60 s; prints ms of CPU per second, highest first
#
# Reads user + system time of every thread from /proc/<pid>/task/*/stat at the start and the end;
# names come from `jcmd <pid> Thread.print` (nid = thread id), the JVM's own threads by their OS name.
set -euo pipefail
pid=${1:?usage: bench/thread-cpu.sh <pid> [seconds]}
secs=${2:-60}
hz=$(getconf CLK_TCK)
jcmd=$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd
snap() {
    for t in /proc/"$pid"/task/*; do
        s=$(cat "$t/stat" 2>/dev/null) || continue
        f=(${s##*) })
        echo "${t##*/} $((f[11] + f[12]))"
    done | sort
}
a=$(snap)
sleep "$secs"
b=$(snap)
names=$("$jcmd" "$pid" Thread.print 2>/dev/null | grep '^"' | sed -E 's/^"([^"]*)".* nid=0x([0-9a-f]+).*/\2 \1/' \
    | while read -r hex name; do echo "$((16#$hex)) $name"; done || true)
join <(echo "$a") <(echo "$b") | while read -r tid before after; do
    d=$((after - before))
    [ "$d" -gt 0 ] || continue
    name=$(echo "$names" | awk -v t="$tid" '$1 == t {$1 = ""; print substr($0, 2); exit}')
    [ -n "$name" ] || name=$(cat "/proc/$pid/task/$tid/comm" 2>/dev/null || echo "thread $tid")
    awk -v d="$d" -v hz="$hz" -v s="$secs" -v n="$name" 'BEGIN {printf "%8.1f ms/s  %s\n", d * 1000 / hz / s, n}'
done | sort -rn
join <(echo "$a") <(echo "$b") | awk -v hz="$hz" -v s="$secs" '{t += $3 - $2} END {printf "%8.1f ms/s  total over %d s (threads alive at both ends)\n", t * 1000 / hz / s, s}'
