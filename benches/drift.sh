#!/usr/bin/env bash
# `faceauth drift` on a large traffic recorder's file, against `jq -c . FILE > /dev/null` over
# the same file, side by side in one run (BENCHMARKS.md, section 6):
#   - generates a file of SIZE_MIB MiB (default 1024) of recorder lines made from every spec's
#     documented JSON responses (crates/faceauth-cli/examples/make_traffic.rs; one line in a thousand drifted);
#   - reads it once to put it in the page cache, then runs jq and faceauth ROUNDS times (default
#     3), alternating which goes first, each under /usr/bin/time -v;
#   - prints each run, the medians, lines/s of each, the ratio, and faceauth's peak RSS.
# Needs jq and GNU time (/usr/bin/time); installs them with apt-get when missing, and says so.
# With `propose`, it runs `faceauth drift --propose DIR` beside `faceauth drift` instead of jq
# beside faceauth (what summarising the traffic for a proposal costs; no jq needed).
#   bash benches/drift.sh                 1 GiB, 3 rounds (about 5 minutes on 2 cores)
#   bash benches/drift.sh propose         drift --propose beside drift (about 6 minutes)
#   SIZE_MIB=64 ROUNDS=1 bash benches/drift.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB="${SIZE_MIB:-1024}"
ROUNDS="${ROUNDS:-3}"
what="${1:-jq}"
[[ "$what" == jq || "$what" == propose ]] || { echo "usage: bash benches/drift.sh [propose]"; exit 2; }

install() { # command package
  command -v "$1" >/dev/null && return 0
  echo "benches/drift.sh: $1 is missing; installing it: apt-get install -y $2"
  apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; } \
    || { echo "benches/drift.sh needs $1 (apt-get install $2)"; exit 1; }
}
[[ "$what" == jq ]] && install jq jq
[[ -x /usr/bin/time ]] || { echo "benches/drift.sh: /usr/bin/time is missing; installing it: apt-get install -y time"; apt-get install -y time >/dev/null; }

work="$(mktemp -d "${TMPDIR:-/tmp}/drift-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet -p faceauth-cli --bin faceauth --example make_traffic
bin="${CARGO_TARGET_DIR:-target}/release"
file="$work/traffic.jsonl"
"$bin/examples/make_traffic" "$file" $((SIZE_MIB * 1024 * 1024))
lines=$(wc -l < "$file")
bytes=$(stat -c %s "$file")
cat "$file" > /dev/null

# One timed run: prints "seconds peak_rss_kib".
timed() { # name command...
  local name="$1"; shift
  local out=/dev/null
  [[ "$name" == faceauth* ]] && out="$work/$name.out"   # its report: a few dozen lines
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$out" 2> "$work/$name.err" || {
    local code=$?
    # faceauth drift exits 1 when it found drift (the file has some, on purpose).
    [[ "$name" == faceauth* && $code == 1 ]] || { echo "$name failed ($code):"; cat "$work/$name.err"; exit 1; }
  }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  echo "$wall $rss"
}

if [[ "$what" == propose ]]; then
  echo
  echo "## 6. drift --propose over a traffic file: $lines lines, $((bytes / 1024 / 1024)) MiB, $ROUNDS rounds"
  echo
  echo "| round | drift s | drift --propose s | drift RSS MiB | drift --propose RSS MiB |"
  echo "| --- | --- | --- | --- | --- |"
  : > "$work/runs"
  for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$work/proposed"
    if (( round % 2 )); then
      d=$(timed faceauth "$bin/faceauth" drift --traffic "$file")
      p=$(timed faceauth-propose "$bin/faceauth" drift --traffic "$file" --propose "$work/proposed")
    else
      p=$(timed faceauth-propose "$bin/faceauth" drift --traffic "$file" --propose "$work/proposed")
      d=$(timed faceauth "$bin/faceauth" drift --traffic "$file")
    fi
    read -r dw dr <<<"$d"; read -r pw pr <<<"$p"
    echo "$dw $pw $dr $pr" >> "$work/runs"
    echo "| $round | $dw | $pw | $((dr / 1024)) | $((pr / 1024)) |"
  done
  python3 - "$work/runs" <<'PY'
import statistics, sys
runs = [list(map(float, l.split())) for l in open(sys.argv[1])]
ratios = [r[1] / r[0] for r in runs]
print()
print(f"drift --propose / drift, wall time: x{statistics.median(ratios):.2f} (per round: {', '.join(f'{r:.2f}' for r in ratios)}); "
      f"peak RSS {max(r[3] for r in runs) / 1024:.0f} MiB with --propose, {max(r[2] for r in runs) / 1024:.0f} without; target: at most x1.3, under 100 MB")
PY
  echo
  echo "proposed: $(ls "$work/proposed" 2>/dev/null | tr '\n' ' ')"
  exit 0
fi

echo
echo "## 6. drift over a traffic file: $lines lines, $((bytes / 1024 / 1024)) MiB, $ROUNDS rounds (jq $(jq --version))"
echo
echo "| round | jq -c . s | faceauth drift s | jq RSS MiB | faceauth RSS MiB |"
echo "| --- | --- | --- | --- | --- |"
: > "$work/runs"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then
    j=$(timed jq jq -c . "$file"); f=$(timed faceauth "$bin/faceauth" drift --traffic "$file")
  else
    f=$(timed faceauth "$bin/faceauth" drift --traffic "$file"); j=$(timed jq jq -c . "$file")
  fi
  read -r jw jr <<<"$j"; read -r fw fr <<<"$f"
  echo "$jw $fw $jr $fr" >> "$work/runs"
  echo "| $round | $jw | $fw | $((jr / 1024)) | $((fr / 1024)) |"
done
python3 - "$work/runs" "$lines" <<'PY'
import statistics, sys
runs = [list(map(float, l.split())) for l in open(sys.argv[1])]
lines = int(sys.argv[2])
jw = statistics.median(r[0] for r in runs); fw = statistics.median(r[1] for r in runs)
ratios = [(lines / r[1]) / (lines / r[0]) for r in runs]
print()
print("| measure (median of rounds) | jq -c . | faceauth drift |")
print("| --- | --- | --- |")
print(f"| wall time, s | {jw:.1f} | {fw:.1f} |")
print(f"| lines/s | {lines / jw:,.0f} | {lines / fw:,.0f} |")
print(f"| peak RSS, MiB | {statistics.median(r[2] for r in runs) / 1024:.0f} | {max(r[3] for r in runs) / 1024:.0f} (max of rounds) |")
print()
print(f"faceauth / jq, lines/s: x{statistics.median(ratios):.2f} (per round: {', '.join(f'{r:.2f}' for r in ratios)}); target: at least x0.5, RSS under 100 MB")
PY
echo
echo "faceauth's $(grep '^summary' "$work/faceauth.out")"
