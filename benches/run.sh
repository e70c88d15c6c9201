#!/usr/bin/env bash
# Measures 3-5 of BENCHMARKS.md and prints a table:
#   3. the mock server (requests/s and p99 at 64 connections, server pinned to one core) against
#      Prism mocking the same spec and against a server that validates nothing (the limit), in
#      alternating rounds (ROUNDS, default 7, of DURATION, default 4s); then, as many rounds
#      again, the mock and the limit side by side (loaded at once, sharing the core): CPU per
#      request of each, the measure that a shared machine's drift does not move; the same for
#      the limit reading the body and, on the JSON path, the limit validating it;
#   4. build cost: clean build, clean test build, rebuild after editing one spec, build.rs's share;
#   5. the conformance suite's time after the build;
#   7. clean release build of one vendor beside all four, beside progenitor's own client and a
#      hand-written one (the peer bench's crates, PEER_BENCH, default ../shared/peer-bench).
# Needs wrk (Debian), node/npm (Prism from npm) and python3. Run from the repository root:
#   bash benches/run.sh            everything (about 20 minutes on 2 cores)
#   bash benches/run.sh mock       only 3 (about 9 minutes)
#   bash benches/run.sh vendors    only 7 (about 11 minutes; not part of `all`)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
DURATION="${DURATION:-4s}"
ROUNDS="${ROUNDS:-7}"
work="$(mktemp -d)"
# On any exit: stop the servers, put back the spec the build step edits, remove the scratch space.
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -f "$work/verisoul.yaml.orig" ]] && cp "$work/verisoul.yaml.orig" specs/verisoul.yaml; rm -rf "$work"' EXIT

need() { command -v "$1" >/dev/null || { echo "benches/run.sh needs $1 ($2)"; exit 1; }; }
need wrk "apt-get install wrk"
need python3 "python3"

# wrk's summary, one line: requests/s, the 99% latency of --latency, non-2xx responses.
measure() { # port lua path
  local out
  out=$(taskset -c 1 wrk -t1 -c64 -d"$DURATION" --latency -s "$2" "http://127.0.0.1:$1$3")
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $4}')
  echo "$rps $p99 ${non2xx:-0}"
}

wait_port() { for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1"; exit 1; }

# CPU time (user and system, clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }

# One side-by-side round: the mock and the limit loaded at the same time, both on core 0 (one
# wrk each, on core 1), so that both meet the same machine; prints the requests each served
# and the CPU each used (user and system ticks).
side_by_side() { # lua mock_pid mock_url limit_pid limit_url
  local lua="$1" mock_pid="$2" mock_url="$3" limit_pid="$4" limit_url="$5"
  local m0 l0 m1 l1
  m0=$(cpu_ticks "$mock_pid"); l0=$(cpu_ticks "$limit_pid")
  taskset -c 1 wrk -t1 -c64 -d"$DURATION" -s "$lua" "$mock_url" >"$work/side-mock.out" &
  local wrk_mock=$!
  taskset -c 1 wrk -t1 -c64 -d"$DURATION" -s "$lua" "$limit_url" >"$work/side-limit.out"
  wait $wrk_mock
  m1=$(cpu_ticks "$mock_pid"); l1=$(cpu_ticks "$limit_pid")
  echo "$(awk '/requests in/ {print $1}' "$work/side-mock.out") $m0 $m1 $(awk '/requests in/ {print $1}' "$work/side-limit.out") $l0 $l1"
}

if [[ "$what" == all || "$what" == mock ]]; then
  cargo build --release --quiet --bin faceauth
  limit_bin=$(cargo bench -p faceauth-mock --bench static_server --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys; print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable") and m["target"]["name"] == "static_server"][-1])')
  printf '%s' '{"request_id":"8757569c-61e6-454b-afc9-59232e861496","success":true}' > "$work/verisoul.json"
  printf '%s' '{"id":"58bf8a18-b10b-409d-91d6-fdd358408dff"}' > "$work/progeny.json"
  if [[ ! -x "$work/prism/node_modules/.bin/prism" ]]; then
    (cd "$work" && mkdir -p prism && cd prism && npm install --silent --no-audit --no-fund @stoplight/prism-cli@5 >/dev/null 2>&1) || echo "(Prism could not be installed: its rows are missing)"
  fi
  prism="$work/prism/node_modules/.bin/prism"

  echo
  echo "## 3. mock server: wrk -t1 -c64, servers on core 0, wrk on core 1; $ROUNDS rounds of $DURATION,"
  echo "each round measuring every server once in turn (a shared machine's speed drifts within"
  echo "seconds: the ratio of each round is taken, then the median)"
  echo
  for op in verisoul progeny; do
    if [[ $op == verisoul ]]; then lua=benches/wrk/verisoul_enroll.lua; path=/liveness/enroll; spec=specs/verisoul.yaml
    else lua=benches/wrk/progeny_register_face.lua; path=/api/v3/services/register_face/; spec=specs/progeny.yaml; fi
    # Every Progeny registration is a new face and a new task (the vendor's semantics): a stateful
    # mock would fill its state cap within seconds and answer 507 from then on. The multipart path
    # is measured stateless; Verisoul's JSON enrolment (one account, upserted) with its state.
    state_flag=""; [[ $op == progeny ]] && state_flag="--stateless"
    taskset -c 0 target/release/faceauth mock --port 18101 --vendor "$op" $state_flag >/dev/null 2>&1 &
    mock_pid=$!
    taskset -c 0 "$limit_bin" 18102 "$work/$op.json" >/dev/null 2>&1 &
    limit_pid=$!
    taskset -c 0 "$limit_bin" 18104 "$work/$op.json" --read-body >/dev/null 2>&1 &
    reading_pid=$!
    wait_port 18101; wait_port 18102; wait_port 18104
    # On the JSON path, a third reference: the least a validating mock does (the body read as a
    # serde_json Value and checked with the mock's own validator of the operation's schema).
    validating_pid=""
    if [[ $op == verisoul ]]; then
      taskset -c 0 "$limit_bin" 18107 "$work/$op.json" --validate-body verisoul "$path" >/dev/null 2>&1 &
      validating_pid=$!
      wait_port 18107
    fi
    for round in $(seq 1 "$ROUNDS"); do
      echo "mock $(measure 18101 "$lua" "/$op$path")" >>"$work/$op.rounds"
      echo "limit $(measure 18102 "$lua" "$path")" >>"$work/$op.rounds"
      echo "reading $(measure 18104 "$lua" "$path")" >>"$work/$op.rounds"
      if [[ -n $validating_pid ]]; then echo "validating $(measure 18107 "$lua" "$path")" >>"$work/$op.rounds"; fi
    done
    for round in $(seq 1 "$ROUNDS"); do
      side_by_side "$lua" $mock_pid "http://127.0.0.1:18101/$op$path" $limit_pid "http://127.0.0.1:18102$path" >>"$work/$op.side"
    done
    # The same for the limit reading the body: what reading a body at all costs, the floor of any
    # server that looks at a request.
    for round in $(seq 1 "$ROUNDS"); do
      side_by_side "$lua" $reading_pid "http://127.0.0.1:18104$path" $limit_pid "http://127.0.0.1:18102$path" >>"$work/$op.side-reading"
    done
    : >"$work/$op.side-validating"
    if [[ -n $validating_pid ]]; then
      for round in $(seq 1 "$ROUNDS"); do
        side_by_side "$lua" $validating_pid "http://127.0.0.1:18107$path" $limit_pid "http://127.0.0.1:18102$path" >>"$work/$op.side-validating"
      done
    fi
    kill $mock_pid $limit_pid $reading_pid $validating_pid; wait $mock_pid $limit_pid $reading_pid $validating_pid 2>/dev/null || true
    prism_row=""
    if [[ -x "$prism" ]]; then
      taskset -c 0 "$prism" mock -p 18103 -h 127.0.0.1 "$spec" >"$work/prism-$op.log" 2>&1 &
      pid=$!; wait_port 18103; sleep 1
      prism_row=$(measure 18103 "$lua" "$path")
      kill $pid; wait $pid 2>/dev/null || true
    fi
    echo "### $op ($path)"
    echo
    python3 - "$work/$op.rounds" "$prism_row" "$work/$op.side" "$(getconf CLK_TCK)" "$work/$op.side-reading" "$work/$op.side-validating" <<'PY'
import statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    name, rps, p99, non2xx = line.split()
    rounds.setdefault(name, []).append((float(rps), p99, int(non2xx)))
def milliseconds(latency):  # wrk writes 850.00us, 1.23ms, 1.02s
    for unit, scale in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if latency.endswith(unit):
            return float(latency[: -len(unit)]) * scale
    return float("inf")
def ratio(name):
    r = sorted(m[0] / l[0] for m, l in zip(rounds[name], rounds["limit"]))
    return f"{statistics.median(r):.2f} ({r[0]:.2f}-{r[-1]:.2f})"
print("| server | requests/s, median | p99, median | non-2xx | to the limit: median of the rounds (lowest-highest) |")
print("| --- | --- | --- | --- | --- |")
label = {"mock": "faceauth mock", "limit": "limit (answers without reading the body)",
         "reading": "limit reading the body first (no validation)",
         "validating": "limit validating the body (serde_json Value, the mock's schema validator)"}
for name in ("mock", "limit", "reading", "validating"):
    if name not in rounds:
        continue
    rows = rounds[name]
    p99s = sorted((r[1] for r in rows), key=milliseconds)
    print(f"| {label[name]} | {statistics.median(r[0] for r in rows):,.0f} | {p99s[len(p99s) // 2]} | "
          f"{sum(r[2] for r in rows)} | {'1' if name == 'limit' else ratio(name)} |")
if sys.argv[2]:
    rps, p99, non2xx = sys.argv[2].split()
    print(f"| Prism 5 (one measurement) | {float(rps):,.0f} | {p99} | {non2xx} | |")
print(f"\n{len(rounds['limit'])} rounds; each round's requests/s: " + "; ".join(
    f"{name} " + " ".join(f"{r[0]:,.0f}" for r in rows) for name, rows in rounds.items()))
# Side by side: CPU microseconds per request of each server, user and system, in each round.
tick = 1e6 / int(sys.argv[4])
def side_by_side(path):
    side = []
    for line in open(path):
        mr, mu0, ms0, mu1, ms1, lr, lu0, ls0, lu1, ls1 = map(int, line.split())
        side.append(((mu1 - mu0) * tick / mr, (ms1 - ms0) * tick / mr,
                     (lu1 - lu0) * tick / lr, (ls1 - ls0) * tick / lr))
    ratios = sorted((lu + ls) / (mu + ms) for mu, ms, lu, ls in side)
    med = lambda i: statistics.median(s[i] for s in side)
    return side, ratios, med
side, ratios, med = side_by_side(sys.argv[3])
print(f"\nSide by side, {len(side)} rounds: the mock and the limit loaded at once, both on core 0, "
      f"CPU per request from /proc. Limit {med(2) + med(3):.2f} us ({med(2):.2f} user, {med(3):.2f} system), "
      f"mock {med(0) + med(1):.2f} us ({med(0):.2f} user, {med(1):.2f} system). "
      f"**Mock to the limit, requests per CPU second: {statistics.median(ratios):.2f} "
      f"({ratios[0]:.2f}-{ratios[-1]:.2f})**")
side, ratios, med = side_by_side(sys.argv[5])
print(f"\nThe limit reading the body, side by side with the limit in the same way, {len(side)} rounds: "
      f"limit {med(2) + med(3):.2f} us, reading {med(0) + med(1):.2f} us ({med(0):.2f} user, {med(1):.2f} system). "
      f"**Reading to the limit: {statistics.median(ratios):.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})**")
if open(sys.argv[6]).read().strip():
    side, ratios, med = side_by_side(sys.argv[6])
    print(f"\nThe limit validating the body, side by side with the limit in the same way, {len(side)} rounds: "
          f"limit {med(2) + med(3):.2f} us, validating {med(0) + med(1):.2f} us ({med(0):.2f} user, {med(1):.2f} system). "
          f"**Validating to the limit: {statistics.median(ratios):.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})**")
PY
    echo
  done
fi

if [[ "$what" == all || "$what" == build ]]; then
  echo "## 4. build cost (a fresh target directory; dependencies downloaded already)"
  echo
  target="$work/target"
  t() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; python3 -c "print(f'{$(date +%s.%N) - $s:.1f} s')"; }
  clean_build=$(t cargo build --target-dir "$target")
  clean_tests=$(t cargo test --no-run --target-dir "$target")
  # Edit one spec (a description), rebuild, and read the build script's share from --timings.
  cp specs/verisoul.yaml "$work/verisoul.yaml.orig"
  sed -i 's/Enrollment successful/Enrollment successful (benchmark edit)/' specs/verisoul.yaml
  rebuild=$(t cargo build --target-dir "$target" --timings)
  cp "$work/verisoul.yaml.orig" specs/verisoul.yaml
  share=$(python3 - "$target" <<'PY'
import json, re, sys, glob, os
html = open(max(glob.glob(os.path.join(sys.argv[1], "cargo-timings", "cargo-timing*.html")), key=os.path.getmtime)).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", html, re.S).group(1))
total = sum(u["duration"] for u in units)
script = sum(u["duration"] for u in units if u["name"] == "faceauth-clients" and "build-script (run)" in u.get("target", ""))
print(f"{script:.2f} s of {total:.1f} s of units")
PY
)
  cargo build --target-dir "$target" >/dev/null 2>&1
  echo "| measure | time |"
  echo "| --- | --- |"
  echo "| clean \`cargo build\` | $clean_build |"
  echo "| clean \`cargo test --no-run\` (after the build) | $clean_tests |"
  echo "| \`cargo build\` after editing specs/verisoul.yaml | $rebuild |"
  echo "| build.rs running the generator in that rebuild | $share |"
  echo
fi

if [[ "$what" == all || "$what" == conformance ]]; then
  echo "## 5. the conformance suite after the build"
  echo
  cargo build --release --quiet --bin faceauth
  cargo test --quiet --test conformance --no-run 2>/dev/null
  t() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; python3 -c "print(f'{$(date +%s.%N) - $s:.2f} s')"; }
  echo "| measure | time |"
  echo "| --- | --- |"
  echo "| \`faceauth conformance\` (release, every example of every vendor) | $(t target/release/faceauth conformance) |"
  echo "| \`cargo test --test conformance\` (built) | $(t cargo test --quiet --test conformance) |"
fi

if [[ "$what" == vendors ]]; then
  peer="${PEER_BENCH:-../shared/peer-bench}"
  echo "## 7. clean release build (\`cargo build --release\`, a fresh target directory each, dependencies"
  echo "downloaded already; $(nproc) cores; one run, builds one after another)"
  echo
  echo "| what is built | features | time | crates compiled | the client crate's own units: build script run + compile |"
  echo "| --- | --- | --- | --- | --- |"
  build() { # label, features label, the client crate's name, then cargo arguments
    local label="$1" features="$2" crate="$3"; shift 3
    local dir="$work/build-$RANDOM" s out
    s=$(date +%s.%N)
    if out=$(cargo build --release --offline --timings --target-dir "$dir" "$@" 2>&1); then
      local took own
      took=$(python3 -c "print(f'{$(date +%s.%N) - $s:.1f} s')")
      # From cargo's --timings page: the units of the client crate itself (its build script's
      # run, where the generator works, and its compilation), the part the vendor features cut.
      own=$(python3 - "$dir" "$crate" <<'PY'
import glob, json, os, re, sys
html = open(max(glob.glob(os.path.join(sys.argv[1], "cargo-timings", "cargo-timing*.html")), key=os.path.getmtime)).read()
units = [u for u in json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", html, re.S).group(1)) if u["name"] == sys.argv[2]]
run = sum(u["duration"] for u in units if "build-script (run)" in u.get("target", ""))
lib = sum(u["duration"] for u in units if "build-script" not in u.get("target", ""))
print(f"{run:.1f} s + {lib:.1f} s")
PY
)
      echo "| $label | $features | $took | $(grep -c Compiling <<<"$out") | $own |"
    else
      echo "| $label | $features | FAILED | | |"; echo "$out" | tail -5 >&2
    fi
    rm -rf "$dir"
  }
  cargo fetch --quiet
  build "faceauth-clients, Verisoul alone" "verisoul" faceauth-clients -p faceauth-clients --no-default-features --features verisoul
  build "faceauth-clients, all four vendors" "signzy,verisoul,advance,progeny" faceauth-clients -p faceauth-clients --no-default-features --features signzy,verisoul,advance,progeny
  build "faceauth-clients, Verisoul alone" "verisoul,rustls" faceauth-clients -p faceauth-clients --no-default-features --features verisoul,rustls
  build "faceauth-clients, all four vendors (default)" "default (+ rustls)" faceauth-clients -p faceauth-clients
  if [[ -f "$peer/Cargo.toml" && -d /tmp/peer-bench-gen/openapi_gen ]]; then
    cargo fetch --quiet --manifest-path "$peer/Cargo.toml"
    build "progenitor 0.15's own build.rs client of the Verisoul spec (peer bench C)" "default (native-tls)" pb-progenitor --manifest-path "$peer/Cargo.toml" -p pb-progenitor
    build "hand-written reqwest client (peer bench A)" "default (native-tls)" pb-handwritten --manifest-path "$peer/Cargo.toml" -p pb-handwritten
  else
    echo "(peer bench not found at $peer, or its generated code missing: run its gen.sh; rows C and A left out)"
  fi
fi
