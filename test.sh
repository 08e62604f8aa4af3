#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: the tests need ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# The README's main command and quick tour, as a newcomer runs them (in a scratch data directory).
./flotilla verify examples/*.service examples/haproxy/*.service
smoke=$(mktemp -d)
./flotilla agent --dev --data-dir "$smoke" >"$smoke/agent.log" 2>&1 &
agent_pid=$!
stop_agent() { kill "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true; rm -rf "$smoke"; }
trap stop_agent EXIT
for _ in $(seq 300); do [ -S "$smoke/flotilla.sock" ] && break; sleep 0.1; done
export FLOTILLA_ENDPOINT="$smoke/flotilla.sock"
if ! { ./flotilla start --block-attempts 20 examples/hello@{1..3}.service \
    && ./flotilla list-units | grep -q 'hello@3.service' \
    && ./flotilla destroy hello@{1..3}; }; then
  echo "test.sh: the README's quick tour failed; agent log:" >&2
  cat "$smoke/agent.log" >&2
  exit 1
fi
unset FLOTILLA_ENDPOINT
stop_agent
trap - EXIT

# confd conformance (issue 7) when the shared data sits beside the repository.
if [ -d ../shared/conformance/confd ]; then
  conformance_log=$(mktemp)
  FLOTILLA="$PWD/flotilla" ../shared/conformance/confd/run.sh | tee "$conformance_log" || true
  if ! tail -n 1 "$conformance_log" | grep -Eq '^[0-9]+ passed, 0 failed$'; then
    rm -f "$conformance_log"
    echo "test.sh: the confd conformance suite failed" >&2
    exit 1
  fi
  rm -f "$conformance_log"
fi

dotnet test Flotilla.slnx -c Release --nologo
