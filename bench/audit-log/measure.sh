#!/bin/sh
# Measures `talguard audit detect` with the built-in and upstream Falco rules against jq on the same log,
# interleaved ROUNDS times, with wall time and peak memory from /usr/bin/time -v.
#
#   dotnet build -c Release src/Talguard.Cli
#   python3 bench/audit-log/generate.py 1G /tmp/audit-1g.jsonl
#   bench/audit-log/measure.sh /tmp/audit-1g.jsonl ../shared/falco/k8s_audit_rules.yaml 2
set -eu
log=$1
rules=$2
rounds=${3:-2}
talguard=${TALGUARD:-dotnet src/Talguard.Cli/bin/Release/net10.0/talguard.dll}
bytes=$(stat -c %s "$log")
events=$(wc -l < "$log")
echo "log: $log, $bytes bytes, $events lines; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() {
    name=$1
    shift
    /usr/bin/time -v "$@" > /tmp/measure-out.$$ 2> /tmp/measure-err.$$ || true
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' /tmp/measure-err.$$)
    seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' /tmp/measure-err.$$)
    cpu=$(sed -n 's/.*Percent of CPU this job got: //p' /tmp/measure-err.$$)
    lines=$(wc -l < /tmp/measure-out.$$)
    echo "$name: ${seconds} s, $(awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "%.1f", b / 1048576 / s }') MiB/s, $(awk -v e="$events" -v s="$seconds" 'BEGIN { printf "%.0f", e / s }') events/s, CPU $cpu, peak RSS $((rss / 1024)) MiB, $lines output lines"
    eval "${name}_seconds=\$seconds"
}
round=1
while [ "$round" -le "$rounds" ]; do
    echo "round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    measure detect $talguard audit detect --fail-on none --rules "$rules" "$log"
    measure jq jq -c 'select(.verb=="create" and .objectRef.resource=="pods")' "$log"
    echo "ratio (jq time / detect time): $(awk -v j="$jq_seconds" -v d="$detect_seconds" 'BEGIN { printf "%.1f", j / d }')"
    round=$((round + 1))
done
rm -f /tmp/measure-out.$$ /tmp/measure-err.$$
