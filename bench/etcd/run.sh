#!/usr/bin/env bash
# Reproduces the "etcd snapshots" figures of docs/performance.md.
# Usage: bench/etcd/run.sh [KEYS=1000000] [VALUE_BYTES=1000]
# Starts a throw-away etcd on 127.0.0.1 (ephemeral ports, temp data dir), loads KEYS Secret-shaped values,
# saves a snapshot with etcdctl, then times in the same run: `talguard etcd check` (default, and with
# --skip-hash-check) and `talguard etcd status` on the snapshot vs `etcdctl get --prefix /registry/secrets/ --keys-only` against the live etcd holding the
# same data. Everything (etcd by PID, data dir, snapshot) is removed on exit.
set -euo pipefail
KEYS=${1:-1000000}
SIZE=${2:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/talguard-etcd-bench.XXXXXX")
cleanup() {
  if [[ -f "$WORK/etcd.pid" ]]; then kill "$(cat "$WORK/etcd.pid")" 2>/dev/null || true; sleep 1; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

read -r CLIENT PEER < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
etcd --name bench --data-dir "$WORK/data" --quota-backend-bytes 8589934592 \
  --listen-client-urls "http://127.0.0.1:$CLIENT" --advertise-client-urls "http://127.0.0.1:$CLIENT" \
  --listen-peer-urls "http://127.0.0.1:$PEER" --initial-advertise-peer-urls "http://127.0.0.1:$PEER" \
  --initial-cluster "bench=http://127.0.0.1:$PEER" > "$WORK/etcd.log" 2>&1 &
echo $! > "$WORK/etcd.pid"
export ETCDCTL_API=3
E=(etcdctl --endpoints "127.0.0.1:$CLIENT")
until "${E[@]}" endpoint health >/dev/null 2>&1; do sleep 0.2; done

echo "== loading $KEYS keys of ~$SIZE bytes"
/usr/bin/time -f "load: %e s" python3 "$ROOT/bench/etcd/load_etcd.py" "127.0.0.1:$CLIENT" "$KEYS" "$SIZE"
SNAP="$WORK/snapshot.db"
"${E[@]}" snapshot save "$SNAP" >/dev/null 2>&1
echo "== snapshot: $(stat -c %s "$SNAP") bytes"
echo "etcdctl snapshot status: $(etcdctl snapshot status "$SNAP" -w json)"

dotnet build "$ROOT/src/Talguard.Cli" -c Release -v q -nologo >/dev/null
TG=(dotnet "$ROOT/src/Talguard.Cli/bin/Release/net10.0/talguard.dll")
echo "talguard etcd status:    $("${TG[@]}" etcd status "$SNAP" --format json)"

GET=("${E[@]}" --command-timeout=600s get --prefix /registry/secrets/ --keys-only)
echo "== whole-process wall time (hyperfine, same run; the machine is shared, so see CPU time below too)"
hyperfine --warmup 1 --runs 5 -N -i --style basic \
  "${TG[*]} etcd check $SNAP --fail-on none" \
  "${TG[*]} etcd check $SNAP --fail-on none --skip-hash-check" \
  "${TG[*]} etcd status $SNAP" \
  "${GET[*]}"

# CPU seconds of the etcd server process (utime+stime), to charge etcdctl get with the work it makes etcd do.
TICKS=$(getconf CLK_TCK)
etcd_cpu() { awk -v t="$TICKS" '{printf "%.2f", ($14+$15)/t}' "/proc/$(cat "$WORK/etcd.pid")/stat"; }
echo "== CPU time and memory, 3 runs each: wall s, user s, sys s, max RSS KB (mapped snapshot pages included)"
for run in 1 2 3; do
  /usr/bin/time -f "talguard etcd check : %e %U %S %M" "${TG[@]}" etcd check "$SNAP" --fail-on none >/dev/null
  /usr/bin/time -f "talguard etcd check --skip-hash-check: %e %U %S %M" "${TG[@]}" etcd check "$SNAP" --fail-on none --skip-hash-check >/dev/null
  /usr/bin/time -f "talguard etcd status: %e %U %S %M" "${TG[@]}" etcd status "$SNAP" >/dev/null
  BEFORE=$(etcd_cpu)
  /usr/bin/time -f "etcdctl get (client): %e %U %S %M" "${GET[@]}" >/dev/null
  echo "etcd server CPU for that get: $(echo "$(etcd_cpu) - $BEFORE" | bc) s"
done
"${TG[@]}" etcd check "$SNAP" --fail-on none >/dev/null & PID=$!
PEAK=0
while kill -0 "$PID" 2>/dev/null; do
  A=$(awk '/^RssAnon/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
  [[ -n "$A" && "$A" -gt "$PEAK" ]] && PEAK=$A
  sleep 0.02
done
wait "$PID" || true
echo "talguard etcd check: peak RssAnon ${PEAK} KB (private memory, without the mapped snapshot)"
echo "keys under /registry/secrets/: $("${E[@]}" --command-timeout=600s get --prefix /registry/secrets/ --keys-only --limit 1 -w json | grep -o '"count":[0-9]*')"
