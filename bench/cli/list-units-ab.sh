#!/usr/bin/env bash
# A/B latency of `list-units` for two builds of the CLI against ONE agent holding N units, the runs
# interleaved (A, B, A, B...) so that load from other work on a shared machine hits both alike.
# Prints each build's median wall time and median CPU time (user+sys, less sensitive to load).
# Usage: bench/cli/list-units-ab.sh DIR_A DIR_B [UNITS=1000] [ROUNDS=30]
#   DIR_A, DIR_B: directories holding a built `flotilla` (e.g. .build/flotilla of two checkouts).
set -euo pipefail
bin_a="$1/flotilla"
bin_b="$2/flotilla"
units="${3:-1000}"
rounds="${4:-30}"
work="$(mktemp -d)"
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin_b" agent --data-dir "$work/data" --machine-id bench0 --public-ip 127.0.0.1 >"$work/agent.log" 2>&1 &
agent_pid=$!
socket="$work/data/flotilla.sock"
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done

mkdir -p "$work/units"
printf '[Service]\nExecStart=/bin/sleep 1000\n' >"$work/units/bench@.service"
args=()
for i in $(seq "$units"); do args+=("$work/units/bench@$i.service"); done
"$bin_b" load --endpoint "$socket" --no-block --request-timeout 30 "${args[@]}" >/dev/null
until [ "$("$bin_b" list-units --endpoint "$socket" --no-legend --request-timeout 30 | wc -l)" -ge "$units" ]; do sleep 0.5; done

measure() { # prints "wall_ms cpu_ms" (cpu in 10 ms steps: what time(1) reports)
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$work/time" "$1" list-units --endpoint "$socket" >/dev/null
  end=$(date +%s%N)
  awk -v wall=$(( (end - start) / 1000000 )) '{ printf "%d %d\n", wall, ($1 + $2) * 1000 }' "$work/time"
}
for _ in $(seq "$rounds"); do
  measure "$bin_a" >>"$work/a"
  measure "$bin_b" >>"$work/b"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for side in a b; do
  echo "$side: wall median $(cut -d' ' -f1 "$work/$side" | median) ms, cpu median $(cut -d' ' -f2 "$work/$side" | median) ms (runs: $(cut -d' ' -f1 "$work/$side" | tr '\n' ' '))"
done
