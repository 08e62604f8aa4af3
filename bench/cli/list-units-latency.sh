#!/usr/bin/env bash
# CLI latency benchmark: `flotilla list-units` (process start to exit) against a real one-machine agent
# (--dev style: embedded registry) holding N units, each desired "loaded" so every one has a state row
# and no process runs. Usage: bench/cli/list-units-latency.sh [UNITS=1000] [RUNS=10]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
units="${1:-1000}"
runs="${2:-10}"
work="$(mktemp -d)"
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/flotilla" version >/dev/null   # builds the binary if needed
bin="$root/.build/flotilla/flotilla"
"$bin" agent --data-dir "$work/data" --machine-id bench0 --public-ip 127.0.0.1 >"$work/agent.log" 2>&1 &
agent_pid=$!
socket="$work/data/flotilla.sock"
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done

mkdir -p "$work/units"
printf '[Service]\nExecStart=/bin/sleep 1000\n' >"$work/units/bench@.service"
args=()
for i in $(seq "$units"); do args+=("$work/units/bench@$i.service"); done
"$bin" load --endpoint "$socket" --no-block --request-timeout 30 "${args[@]}" >/dev/null
until [ "$("$bin" list-units --endpoint "$socket" --no-legend --request-timeout 30 | wc -l)" -ge "$units" ]; do sleep 0.5; done

for run in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" list-units --endpoint "$socket" >/dev/null
  end=$(date +%s%N)
  echo "run $run: $(( (end - start) / 1000000 )) ms"
done
