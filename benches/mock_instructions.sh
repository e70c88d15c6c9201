#!/usr/bin/env bash
# User-space instructions per request of the mock server and of the limit (BENCHMARKS.md, section
# 3): each server runs under `valgrind --tool=callgrind`, takes a 2-second warm-up from wrk, has its
# counters zeroed, then serves `wrk -t1 -c8` for DURATION (default 5s); the instructions counted are
# divided by the requests wrk completed. Counts, unlike requests/s, do not drift with the machine's
# load. Needs valgrind and wrk (Debian). Run from the repository root:
#   bash benches/mock_instructions.sh            Verisoul (JSON) and Progeny (multipart)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-5s}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
for tool in valgrind callgrind_control callgrind_annotate wrk; do
  command -v "$tool" >/dev/null || { echo "benches/mock_instructions.sh needs $tool (apt-get install valgrind wrk)"; exit 1; }
done

cargo build --release --quiet --bin faceauth
limit_bin=$(cargo bench -p faceauth-mock --bench static_server --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys; print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable") and m["target"]["name"] == "static_server"][-1])')
printf '%s' '{"request_id":"8757569c-61e6-454b-afc9-59232e861496","success":true}' > "$work/verisoul.json"
printf '%s' '{"id":"58bf8a18-b10b-409d-91d6-fdd358408dff"}' > "$work/progeny.json"

wait_port() { for _ in $(seq 1 600); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1"; exit 1; }

count() { # label url lua, then the server's command line
  local label="$1" url="$2" lua="$3"; shift 3
  local out="$work/callgrind.out"
  rm -f "$out"*
  taskset -c 0 valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1 &
  local pid=$!
  wait_port 18105
  taskset -c 1 wrk -t1 -c8 -d2s -s "$lua" "$url" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  local requests
  requests=$(taskset -c 1 wrk -t1 -c8 -d"$DURATION" -s "$lua" "$url" | awk '/requests in/ {print $1}')
  callgrind_control -d "$pid" >/dev/null 2>&1
  sleep 1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local total
  total=$(callgrind_annotate "$out.1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  python3 -c "print(f'| $label | {$total / $requests:,.0f} | $requests |')"
}

echo "| server | instructions per request | requests counted |"
echo "| --- | --- | --- |"
for op in verisoul progeny; do
  if [[ $op == verisoul ]]; then lua=benches/wrk/verisoul_enroll.lua; path=/liveness/enroll
  else lua=benches/wrk/progeny_register_face.lua; path=/api/v3/services/register_face/; fi
  count "$op: limit" "http://127.0.0.1:18105$path" "$lua" "$limit_bin" 18105 "$work/$op.json"
  count "$op: limit reading the body" "http://127.0.0.1:18105$path" "$lua" "$limit_bin" 18105 "$work/$op.json" --read-body
  # The least a validating mock does on the JSON path: the body as a serde_json Value, checked
  # with the mock's own validator of the operation's schema.
  if [[ $op == verisoul ]]; then
    count "$op: limit validating the body" "http://127.0.0.1:18105$path" "$lua" "$limit_bin" 18105 "$work/$op.json" --validate-body verisoul "$path"
  fi
  # Every Progeny registration is a new face and task: stateful, the cap fills within seconds
  # (then 507s), so the multipart path is counted stateless.
  state_flag=(); [[ $op == progeny ]] && state_flag=(--stateless)
  count "$op: faceauth mock${state_flag:+ --stateless}" "http://127.0.0.1:18105/$op$path" "$lua" target/release/faceauth mock --port 18105 --vendor "$op" "${state_flag[@]}"
  # Verisoul's enrolment is an operation the state remembers (a locked upsert of one account):
  # the same mock without state, to see what remembering costs.
  if [[ $op == verisoul ]]; then
    count "$op: faceauth mock --stateless" "http://127.0.0.1:18105/$op$path" "$lua" target/release/faceauth mock --port 18105 --vendor "$op" --stateless
  fi
done
