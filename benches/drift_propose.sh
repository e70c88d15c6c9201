#!/usr/bin/env bash
# What `faceauth drift --propose DIR` costs over `faceauth drift` on the same traffic file, side
# by side in one run (BENCHMARKS.md, section 6): the file of benches/drift.sh (SIZE_MIB MiB,
# default 1024, recorder lines from every spec's documented responses, one in a thousand
# drifted), read once into the page cache, then both commands ROUNDS times (default 3),
# alternating which goes first, each under /usr/bin/time -v. Prints each run, the medians, the
# time ratio and each one's peak RSS. Needs GNU time (/usr/bin/time).
#   bash benches/drift_propose.sh            1 GiB, 3 rounds (about 6 minutes on 2 cores)
#   SIZE_MIB=64 ROUNDS=1 bash benches/drift_propose.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB="${SIZE_MIB:-1024}"
ROUNDS="${ROUNDS:-3}"
[[ -x /usr/bin/time ]] || { echo "benches/drift_propose.sh needs GNU time (apt-get install time)"; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/drift-propose-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet -p faceauth-cli --bin faceauth --example make_traffic
bin="${CARGO_TARGET_DIR:-target}/release"
file="$work/traffic.jsonl"
"$bin/examples/make_traffic" "$file" $((SIZE_MIB * 1024 * 1024))
lines=$(wc -l < "$file")
cat "$file" > /dev/null

timed() { # name command...: prints "seconds peak_rss_kib"
  local name="$1"; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    local code=$?
    # drift exits 1 when it found drift (the file has some, on purpose).
    [[ $code == 1 ]] || { echo "$name failed ($code):"; cat "$work/$name.err"; exit 1; }
  }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  echo "$wall $rss"
}

echo
echo "## drift --propose over a traffic file: $lines lines, $SIZE_MIB MiB, $ROUNDS rounds"
echo
echo "| round | drift s | drift --propose s | drift RSS MiB | drift --propose RSS MiB |"
echo "| --- | --- | --- | --- | --- |"
: > "$work/runs"
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$work/proposed"
  if (( round % 2 )); then
    d=$(timed drift "$bin/faceauth" drift --traffic "$file")
    p=$(timed propose "$bin/faceauth" drift --traffic "$file" --propose "$work/proposed")
  else
    p=$(timed propose "$bin/faceauth" drift --traffic "$file" --propose "$work/proposed")
    d=$(timed drift "$bin/faceauth" drift --traffic "$file")
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
grep -c "not proposed" "$work/propose.err" | sed 's/^/not proposed (lines on stderr): /'
