#!/bin/sh
# Measures `talguard audit detect` with the built-in and upstream Falco rules against jq on the same log:
# the tools run interleaved ROUNDS times (each round: every talguard binary, then jq), with wall time, CPU and
# peak memory from /usr/bin/time -v; at the end the best and the median ratio (jq wall time / detect wall time)
# per binary, and whether every detect run wrote the same alerts.
#
# The whole measurement in one command, from the repository root (builds, publishes the native binary and
# generates the logs when they are missing; takes a few minutes):
#   bench/audit-log/measure.sh --all
# or one log with the binaries already built:
#   bench/audit-log/measure.sh LOG RULES [ROUNDS]
# TALGUARD names the binaries to compare, separated by '|' (default: the JIT build, and the native one when present).
set -eu
if [ "${1:-}" = "--all" ]; then
    rules=${RULES:-../shared/falco/k8s_audit_rules.yaml}
    dotnet build -c Release src/Talguard.Cli -v q -nologo > /dev/null
    [ -x /tmp/talguard-aot/talguard ] || dotnet publish src/Talguard.Cli -c Release -r linux-x64 -p:PublishAot=true -o /tmp/talguard-aot -v q -nologo > /dev/null
    [ -f /tmp/audit-100m.jsonl ] || python3 bench/audit-log/generate.py 100M /tmp/audit-100m.jsonl
    [ -f /tmp/audit-1g.jsonl ] || python3 bench/audit-log/generate.py 1G /tmp/audit-1g.jsonl
    "$0" /tmp/audit-100m.jsonl "$rules" "${ROUNDS_100M:-5}"
    "$0" /tmp/audit-1g.jsonl "$rules" "${ROUNDS_1G:-3}"
    exit 0
fi
log=$1
rules=$2
rounds=${3:-3}
jit="dotnet src/Talguard.Cli/bin/Release/net10.0/talguard.dll"
default=$jit
[ -x /tmp/talguard-aot/talguard ] && default="/tmp/talguard-aot/talguard|$jit"
talguard=${TALGUARD:-$default}
bytes=$(stat -c %s "$log")
events=$(wc -l < "$log")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "log: $log, $bytes bytes, $events lines; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg); $(jq --version)"
measure() {
    name=$1
    shift
    /usr/bin/time -v "$@" > "$work/out" 2> "$work/err" || true
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/err")
    seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/err")
    cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$work/err")
    user=$(sed -n 's/.*User time (seconds): //p' "$work/err")
    sys=$(sed -n 's/.*System time (seconds): //p' "$work/err")
    lines=$(wc -l < "$work/out")
    echo "  $name: ${seconds} s, $(awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "%.1f", b / 1048576 / s }') MiB/s, $(awk -v e="$events" -v s="$seconds" 'BEGIN { printf "%.0f", e / s }') events/s, CPU $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') s ($cpu), peak RSS $((rss / 1024)) MiB, $lines output lines"
    last_seconds=$seconds
}
round=1
while [ "$round" -le "$rounds" ]; do
    echo "round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    index=0
    echo "$talguard" | tr '|' '\n' > "$work/binaries"
    while read -r binary; do
        index=$((index + 1))
        measure "detect[$binary]" $binary audit detect --fail-on none --rules "$rules" "$log"
        echo "$last_seconds" >> "$work/detect-$index"
        if [ -f "$work/alerts" ]; then
            cmp -s "$work/out" "$work/alerts" || echo "  DIFFERENT ALERTS from $binary"
        else
            cp "$work/out" "$work/alerts"
        fi
    done < "$work/binaries"
    measure jq jq -c 'select(.verb=="create" and .objectRef.resource=="pods")' "$log"
    echo "$last_seconds" >> "$work/jq"
    round=$((round + 1))
done
index=0
while read -r binary; do
    index=$((index + 1))
    paste "$work/jq" "$work/detect-$index" | awk '{ print $1 / $2 }' | sort -g > "$work/ratios"
    echo "ratio jq/detect for $binary over $rounds rounds: best $(tail -n 1 "$work/ratios" | awk '{ printf "%.1f", $1 }')x, median $(awk '{ r[NR] = $1 } END { if (NR % 2) m = r[(NR + 1) / 2]; else m = (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "%.1f", m }' "$work/ratios")x"
done < "$work/binaries"
echo "alerts: $(wc -l < "$work/alerts") lines, the same from every detect run unless reported above"
