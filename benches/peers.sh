#!/usr/bin/env bash
# Benchmarks against the peers and this machine's limits, side by side in one run (BENCHMARKS.md):
#   1. end to end (extract, segment, index): pilot-review index vs python-docx + jieba + Whoosh
#   2. the pipeline vs jieba-rs alone and tantivy alone on the same text   (cargo bench --bench peers)
#   3. search latency at ~10k, 100k and 1M passages; index size over text size
#   4. an unchanged re-run vs a full run
#   5. run at 100, 1,000 and 5,000 submissions: time and peak memory (benches/scaling.svg)
# Writes target/bench-peers/results.json, benches/scaling.svg and the figures in BENCHMARKS.md.
# Usage: benches/peers.sh [SUBMISSIONS for 1-4, default 500] [SCALING SIZES, default "100 1000 5000"]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
SIZES=${2:-100 1000 5000}
work=target/bench-peers
mkdir -p "$work"
command -v python3 >/dev/null || { echo "python3 is required"; exit 1; }

echo "== building (release)"
cargo build --release -q
cargo bench --bench peers --no-run -q 2>/dev/null
bin=target/release/pilot-review
peers() { cargo bench -q --bench peers -- "$@" 2>/dev/null | grep '^{'; }

# Wall time and peak RSS of a command, as JSON.
measure() {
  python3 - "$@" <<'PY'
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
PY
}

echo "== python peers (virtualenv: python-docx, openpyxl, jieba, Whoosh)"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q python-docx==1.2.0 openpyxl==3.1.5 jieba==0.42.1 Whoosh==2.7.4
fi

corpus() { # corpus N -> path, generated once (seed 7)
  local dir="$work/corpus-$1"
  [ -f "$dir/answers.json" ] || { rm -rf "$dir"; "$bin" sample-corpus "$dir" --submissions "$1" --seed 7 >/dev/null; }
  echo "$dir"
}
main=$(corpus "$N")

echo "== 1. end to end on $N submissions"
rm -rf "$work/idx" "$work/pyidx"
ours=$(measure "$bin" index "$main" --index "$work/idx")
rm -rf "$work/idx"
ours1=$(RAYON_NUM_THREADS=1 measure "$bin" index "$main" --index "$work/idx")
t0=$(date +%s.%N)
python=$("$work/venv/bin/python" benches/peers/baseline.py "$main" "$work/pyidx")
python_wall=$(python3 -c "print($(date +%s.%N) - $t0)")
rm -rf "$work/pyidx"

echo "== 2. against the limits"
limits=$(peers limits "$main")

echo "== 3. search latency"
latency=$(peers latency "$main" 10000 100000 1000000)

echo "== 4. unchanged re-run"
rm -rf "$work/run-idx" "$work/run-out"
full=$(measure "$bin" run "$main" --index "$work/run-idx" --out "$work/run-out")
again=$(measure "$bin" run "$main" --index "$work/run-idx" --out "$work/run-out")
index_again=$(measure "$bin" index "$main" --index "$work/run-idx")

echo "== 5. scaling"
scaling="["
for s in $SIZES; do
  dir=$(corpus "$s")
  rm -rf "$work/scale-idx" "$work/scale-out"
  m=$(measure "$bin" run "$dir" --index "$work/scale-idx" --out "$work/scale-out")
  scaling="$scaling{\"submissions\": $s, \"run\": $m, \"bytes\": $(du -sb "$dir" | cut -f1)},"
  echo "   $s submissions: $m"
done
scaling="${scaling%,}]"
rm -rf "$work/scale-idx" "$work/scale-out" "$work/run-idx" "$work/run-out" "$work/idx"

cat > "$work/results.json" <<JSON
{"date": "$(date -u +%Y-%m-%d)", "cores": $(nproc), "submissions": $N,
 "end_to_end": {"ours": $ours, "ours_1_thread": $ours1, "python": $python, "python_wall": $python_wall},
 "limits": $limits, "latency": $latency,
 "rerun": {"full": $full, "unchanged": $again, "index_unchanged": $index_again},
 "scaling": $scaling}
JSON
python3 benches/peers/report.py "$work/results.json" BENCHMARKS.md benches/scaling.svg
echo "results: $work/results.json; BENCHMARKS.md and benches/scaling.svg updated"
