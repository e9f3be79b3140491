#!/usr/bin/env bash
# Benchmarks against the Python stack and this machine's limits, side by side in one run (BENCHMARKS.md):
#   1. side by side at 60, 150, 500 and 5,000 submissions: the Python stack (benches/peers/baseline.py:
#      python-docx + openpyxl + jieba + Whoosh, wall time of the whole process from outside) vs
#      `pilot-review index` (the same work: extract, segment, index) and `pilot-review run` (the whole
#      job: checks, index, typical experiences, reports); wall time and peak memory; warm dictionary
#      caches (one unmeasured run of each first), plus a first run on a new machine at 60 (empty
#      PILOT_REVIEW_CACHE for ours, empty TMPDIR for jieba's /tmp/jieba.cache); benches/scaling.svg
#   2. the pipeline vs jieba-rs alone and tantivy alone on the same text   (cargo bench --bench peers)
#   3. search latency in-process at ~10k, 100k and 1M passages; index size over text size (same)
#   4. an unchanged re-run vs a full run (MAIN submissions)
#   5. search from the CLI, time to first result: a fresh `pilot-review search Q --index DIR` process per
#      query vs a fresh benches/peers/search_baseline.py process (Whoosh index of section 1, MAIN submissions)
# Every figure is a ratio between runs made by this script on this machine and the same files
# (corpora from `pilot-review sample-corpus DIR --submissions N --seed 7`, generated once, kept in
# target/bench-peers/corpus-N). Fresh index and output folders for every measured run.
# Writes target/bench-peers/results.json, benches/scaling.svg and the figures in BENCHMARKS.md.
#
# Usage: benches/peers.sh [SIDE_SIZES]        e.g. benches/peers.sh "20 40"  (a quick trial)
# Environment (defaults in brackets):
#   SIDE_SIZES     submissions for section 1 ["60 150 500 5000"]; the first argument overrides it
#   MAIN           corpus for sections 2, 4 and 5 [500]; taken from section 1 when among SIDE_SIZES
#   COLD_SIZE      the first-run-on-a-new-machine row [60]
#   REPEATS        measured runs of each of ours, the median reported [3]
#   PY_REPEATS     measured runs of the Python stack below PY_ONCE_FROM submissions [3]; once from there
#   PY_ONCE_FROM   [1000]
#   SEARCH_REPEATS rounds over the 12 queries of section 5 [3]
#   LATENCY_SIZES  passages for section 3 ["10000 100000 1000000"]; empty skips section 3
#   IN_PROCESS=0   skips sections 2 and 3 (cargo bench --bench peers) [1]
#   BUILD=0        uses target/release/pilot-review as it is instead of building it [1] (sections 2-3:
#                  cargo bench still builds its bench if it is missing or stale)
# Runtime: about 15 minutes on 2 cores after the build (the Python stack ~7 of them: ~5 at 5,000
# submissions, ~2 for 3 runs each at 60-500; ours at 5,000 ~2; section 3's 1M-passage index ~1-2;
# section 5 ~1; the 5,000-submission corpus, 0.5 GB, generated the first time ~1). A quick trial:
# SIDE_SIZES="20 40" MAIN=40 BUILD=0 IN_PROCESS=0 benches/peers.sh, about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
SIDE_SIZES=${1:-${SIDE_SIZES:-60 150 500 5000}}
MAIN=${MAIN:-500}
COLD_SIZE=${COLD_SIZE:-60}
REPEATS=${REPEATS:-3}
PY_REPEATS=${PY_REPEATS:-3}
PY_ONCE_FROM=${PY_ONCE_FROM:-1000}
SEARCH_REPEATS=${SEARCH_REPEATS:-3}
LATENCY_SIZES=${LATENCY_SIZES-10000 100000 1000000}
IN_PROCESS=${IN_PROCESS:-1}
BUILD=${BUILD:-1}
QUERIES=(产融合作 供应链金融 知识产权质押 金 "融资担保 风险补偿" 12.5% 绿色信贷 首贷 "上市 挂牌" 数字化转型 链主 科技型中小企业)
work=target/bench-peers
mkdir -p "$work"
command -v python3 >/dev/null || { echo "python3 is required"; exit 1; }

bin=target/release/pilot-review
if [ "$BUILD" != 0 ]; then
  echo "== building (release)"
  cargo build --release -q
  [ "$IN_PROCESS" = 0 ] || cargo bench --bench peers --no-run -q 2>/dev/null
fi
[ -x "$bin" ] || { echo "$bin is missing (run without BUILD=0)"; exit 1; }
peers() { cargo bench -q --bench peers -- "$@" 2>/dev/null | grep '^{'; }

# Wall time and peak RSS of a command, as JSON. With --stdout first, the command's output is kept: its
# last line as "output" when it is JSON (baseline.py), and the passages pilot-review reports.
measure() {
  python3 - "$@" <<'PY'
import json, re, resource, subprocess, sys, time
args = sys.argv[1:]
keep = args[0] == "--stdout"
args = args[1:] if keep else args
t = time.perf_counter()
p = subprocess.run(args, check=True, stdout=subprocess.PIPE if keep else subprocess.DEVNULL)
out = {"seconds": time.perf_counter() - t,
       "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
if keep:
    text = p.stdout.decode("utf-8", "replace").strip()
    try:
        out["output"] = json.loads(text.splitlines()[-1])
    except (ValueError, IndexError):
        pass
    m = re.search(r"段落 (\d+) 个(?:，([\d.]+) MB 文本)?", text)
    if m:
        out["passages"] = int(m.group(1))
        if m.group(2):
            out["text_mb"] = float(m.group(2))
print(json.dumps(out))
PY
}

# repeat N "DIRS TO REMOVE" "DIRS TO CREATE EMPTY" CMD... -> the median run (by wall time; the lower
# middle when N is even) of N, each with fresh folders; peak_mib the highest of them, "runs" every time.
repeat() {
  local n=$1 remove=$2 create=$3 runs=() i
  shift 3
  for ((i = 0; i < n; i++)); do
    # shellcheck disable=SC2086 # folder lists, no spaces in them
    rm -rf $remove $create
    # shellcheck disable=SC2086
    [ -z "$create" ] || mkdir -p $create
    runs+=("$(measure "$@")")
  done
  python3 - "${runs[@]}" <<'PY'
import json, sys
runs = [json.loads(a) for a in sys.argv[1:]]
out = dict(sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2])
out["peak_mib"] = max(r["peak_mib"] for r in runs)
out["runs"] = [round(r["seconds"], 4) for r in runs]
print(json.dumps(out))
PY
}

secs() { python3 -c 'import json, sys; print(round(json.loads(sys.argv[1])["seconds"], 2))' "$1"; }

echo "== python peers (virtualenv: python-docx, openpyxl, jieba, Whoosh)"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q python-docx==1.2.0 openpyxl==3.1.5 jieba==0.42.1 Whoosh==2.7.4
fi
py=$work/venv/bin/python

corpus() { # corpus N -> path, generated once (seed 7)
  local dir="$work/corpus-$1"
  [ -f "$dir/answers.json" ] || { rm -rf "$dir"; "$bin" sample-corpus "$dir" --submissions "$1" --seed 7 >/dev/null; }
  echo "$dir"
}
mine=($work/side-idx $work/side-run-idx $work/side-run-out $work/side-pyidx $work/search-idx $work/search-pyidx
  $work/rerun-idx $work/rerun-out $work/warm-idx $work/warm-pyidx $work/cold-idx $work/cold-run-idx
  $work/cold-run-out $work/cold-pyidx $work/cold-cache $work/cold-tmp $work/one-idx)
rm -rf "${mine[@]}"
for s in $SIDE_SIZES "$MAIN" "$COLD_SIZE"; do corpus "$s" >/dev/null; done

echo "== warm-up (unmeasured: fills pilot-review's and jieba's dictionary caches)"
read -ra sizes <<<"$SIDE_SIZES"
first=$(corpus "${sizes[0]}")
"$bin" index "$first" --index "$work/warm-idx" >/dev/null
"$py" benches/peers/baseline.py "$first" "$work/warm-pyidx" >/dev/null
rm -rf "$work/warm-idx" "$work/warm-pyidx"

echo "== 1. side by side: $SIDE_SIZES submissions"
side="["
for s in $SIDE_SIZES; do
  dir=$(corpus "$s")
  index=$(repeat "$REPEATS" "$work/side-idx" "" --stdout "$bin" index "$dir" --index "$work/side-idx")
  run=$(repeat "$REPEATS" "$work/side-run-idx $work/side-run-out" "" \
    "$bin" run "$dir" --index "$work/side-run-idx" --out "$work/side-run-out")
  reps=$PY_REPEATS; [ "$s" -lt "$PY_ONCE_FROM" ] || reps=1
  python=$(repeat "$reps" "$work/side-pyidx" "" --stdout "$py" benches/peers/baseline.py "$dir" "$work/side-pyidx")
  side="$side{\"submissions\": $s, \"bytes\": $(du -sb "$dir" | cut -f1), \"index\": $index, \"run\": $run, \"python\": $python},"
  echo "   $s submissions: python $(secs "$python") s, index $(secs "$index") s, run $(secs "$run") s"
  if [ "$s" = "$MAIN" ]; then # kept for sections 4 and 5
    mv "$work/side-idx" "$work/search-idx"
    mv "$work/side-pyidx" "$work/search-pyidx"
    mv "$work/side-run-idx" "$work/rerun-idx"
    mv "$work/side-run-out" "$work/rerun-out"
    main_full=$run
    main_python=$python
  fi
  rm -rf "$work/side-idx" "$work/side-run-idx" "$work/side-run-out" "$work/side-pyidx"
done
side="${side%,}]"

main=$(corpus "$MAIN")
if [ ! -d "$work/search-idx" ]; then # MAIN not among SIDE_SIZES
  "$bin" index "$main" --index "$work/search-idx" >/dev/null
  main_python=$(measure --stdout "$py" benches/peers/baseline.py "$main" "$work/search-pyidx")
fi
one=$(RAYON_NUM_THREADS=1 repeat "$REPEATS" "$work/one-idx" "" "$bin" index "$main" --index "$work/one-idx")
rm -rf "$work/one-idx"

echo "== 1. first run on a new machine ($COLD_SIZE submissions, empty dictionary caches)"
cold=$(corpus "$COLD_SIZE")
cold_index=$(PILOT_REVIEW_CACHE=$PWD/$work/cold-cache repeat "$REPEATS" "$work/cold-idx" "$work/cold-cache" \
  --stdout "$bin" index "$cold" --index "$work/cold-idx")
cold_run=$(PILOT_REVIEW_CACHE=$PWD/$work/cold-cache repeat "$REPEATS" "$work/cold-run-idx $work/cold-run-out" \
  "$work/cold-cache" "$bin" run "$cold" --index "$work/cold-run-idx" --out "$work/cold-run-out")
cold_python=$(TMPDIR=$PWD/$work/cold-tmp repeat "$PY_REPEATS" "$work/cold-pyidx" "$work/cold-tmp" \
  --stdout "$py" benches/peers/baseline.py "$cold" "$work/cold-pyidx")
rm -rf "$work/cold-idx" "$work/cold-run-idx" "$work/cold-run-out" "$work/cold-pyidx" "$work/cold-cache" "$work/cold-tmp"

limits=null
latency=null
if [ "$IN_PROCESS" != 0 ]; then
  echo "== 2. against the limits ($MAIN submissions)"
  limits=$(peers limits "$main")
  if [ -n "$LATENCY_SIZES" ]; then
    echo "== 3. search latency ($LATENCY_SIZES passages)"
    # shellcheck disable=SC2086
    latency=$(peers latency "$main" $LATENCY_SIZES)
  fi
fi

echo "== 4. unchanged re-run ($MAIN submissions)"
if [ ! -d "$work/rerun-out" ]; then
  main_full=$(measure "$bin" run "$main" --index "$work/rerun-idx" --out "$work/rerun-out")
fi
again=$(measure "$bin" run "$main" --index "$work/rerun-idx" --out "$work/rerun-out")
index_again=$(measure "$bin" index "$main" --index "$work/rerun-idx")

echo "== 5. search from the CLI, time to first result ($MAIN submissions, ${#QUERIES[@]} queries x $SEARCH_REPEATS)"
# search_times ROUNDS HITS=lines|last QUERIES-JSON CMD... ({q} in CMD is the query) -> JSON: each query's
# wall times of a fresh process (stdout to /dev/null), the very first process apart, and its hits.
search_times() {
  python3 - "$@" <<'PY'
import json, statistics, subprocess, sys, time
rounds, hits_from, queries, template = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
argv = lambda q, extra=(): [q if a == "{q}" else a for a in template] + list(extra)
per = {q: [] for q in queries}
first = None
for _ in range(rounds):
    for q in queries:
        t = time.perf_counter()
        subprocess.run(argv(q), check=True, stdout=subprocess.DEVNULL)
        ms = (time.perf_counter() - t) * 1000
        if first is None:
            first = {"query": q, "ms": ms}
        else:
            per[q].append(ms)
rows = []
for q in queries:  # hits, in one more run that is not timed
    if hits_from == "lines":  # pilot-review search --all --json: one line per hit
        out = subprocess.run(argv(q, ["--all", "--json"]), check=True, capture_output=True, text=True).stdout
        hits = sum(1 for line in out.splitlines() if line.startswith("{"))
    else:  # search_baseline.py: "N hits" last
        out = subprocess.run(argv(q), check=True, capture_output=True, text=True).stdout
        hits = int(out.strip().splitlines()[-1].split()[0])
    rows.append({"query": q, "ms": per[q], "median_ms": statistics.median(per[q]) if per[q] else first["ms"],
                 "hits": hits})
warm = [ms for q in queries for ms in per[q]]
print(json.dumps({"first": first, "p50_ms": statistics.median(warm), "max_ms": max(warm),
                  "processes": len(warm) + 1, "queries": rows}, ensure_ascii=False))
PY
}
queries=$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:], ensure_ascii=False))' "${QUERIES[@]}")
search_ours=$(search_times "$SEARCH_REPEATS" lines "$queries" "$bin" search "{q}" --index "$work/search-idx")
search_python=$(search_times "$SEARCH_REPEATS" last "$queries" "$py" benches/peers/search_baseline.py "$work/search-pyidx" "{q}")
search_passages=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["output"]["passages"])' "$main_python")
rm -rf "${mine[@]}"

cat > "$work/results.json" <<JSON
{"date": "$(date -u +%Y-%m-%d)", "cores": $(nproc), "main": $MAIN,
 "repeats": {"ours": $REPEATS, "python": $PY_REPEATS, "python_once_from": $PY_ONCE_FROM, "search_rounds": $SEARCH_REPEATS},
 "side_by_side": $side,
 "one_thread": {"submissions": $MAIN, "index": $one, "python": $main_python},
 "cold": {"submissions": $COLD_SIZE, "bytes": $(du -sb "$cold" | cut -f1), "index": $cold_index, "run": $cold_run, "python": $cold_python},
 "limits": $limits, "latency": $latency,
 "rerun": {"full": $main_full, "unchanged": $again, "index_unchanged": $index_again},
 "search_cli": {"submissions": $MAIN, "python_passages": $search_passages, "ours": $search_ours, "python": $search_python}}
JSON
python3 benches/peers/report.py "$work/results.json" BENCHMARKS.md benches/scaling.svg
echo "results: $work/results.json; BENCHMARKS.md and benches/scaling.svg updated"
