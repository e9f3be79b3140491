#!/usr/bin/env bash
# Fuzzes every reader for a bounded time (cargo fuzz, libFuzzer; needs the nightly toolchain). Not part
# of the test command: a crash found here is fixed, and its input kept in tests/fixtures/fuzz/<target>/
# where tests/fuzz_regressions.rs replays it on every `cargo test`.
# Usage: fuzz/run.sh [SECONDS PER TARGET, default 60] [TARGETS..., default all]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=${*:-docx doc xlsx pdf ofd archive extract}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
mkdir -p corpus logs ../tests/fixtures/fuzz

seed() { # seed TARGET FILES...: start from real and hostile files
  local t=$1; shift
  mkdir -p "corpus/$t"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "corpus/$t/" 2>/dev/null || true; done
}
docx=(../tests/fixtures/real-zh/*.docx ../tests/fixtures/hostile/*.docx ../corpus/01-*/*.docx)
doc=(../tests/fixtures/real-zh/*.doc ../tests/fixtures/hostile/*.doc)
xlsx=(../tests/fixtures/hostile/*.xlsx ../corpus/0[1-3]-*/*.xlsx)
pdf=(../tests/fixtures/real-zh/*.pdf)
ofd=(../tests/fixtures/synthetic/plan.ofd)
archive=(../tests/fixtures/synthetic/gbk-names.zip)
seed docx "${docx[@]}"; seed doc "${doc[@]}"; seed xlsx "${xlsx[@]}"; seed pdf "${pdf[@]}"
seed ofd "${ofd[@]}"; seed archive "${archive[@]}"
seed extract "${docx[@]}" "${doc[@]}" "${xlsx[@]}" "${pdf[@]}" "${ofd[@]}"

printf '%-8s %10s %8s %8s\n' target runs seconds crashes > logs/summary.txt
for t in $targets; do
  echo "== $t ($secs s)"
  set +e
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 \
    -timeout=30 -max_len=2000000 -print_final_stats=1 > "logs/$t.log" 2>&1
  set -e
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "logs/$t.log" | grep -Eo '[0-9]+$' || echo 0)
  found=0
  for a in artifacts/"$t"/crash-* artifacts/"$t"/oom-* artifacts/"$t"/timeout-* artifacts/"$t"/leak-*; do
    [ -f "$a" ] || continue
    found=$((found + 1))
    mkdir -p "../tests/fixtures/fuzz/$t"
    cp "$a" "../tests/fixtures/fuzz/$t/"
  done
  printf '%-8s %10s %8s %8s\n' "$t" "$runs" "$secs" "$found" | tee -a logs/summary.txt
done
echo "summary in fuzz/logs/summary.txt; crashing inputs copied to tests/fixtures/fuzz/"
