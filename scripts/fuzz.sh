#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/tests/fuzz for SECONDS each, starting from the
# checked-in seeds (tests/fuzz/corpus/NAME) plus what earlier runs found (kept out of git in
# tests/fuzz/corpus-work/NAME). A crash fails the run and leaves the input in
# tests/fuzz/findings/: turn it into a unit test and a seed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-15}
mkdir -p tests/fuzz/findings
status=0
for target in "$build"/tests/fuzz/*_fuzz; do
  name=$(basename "$target")
  work=tests/fuzz/corpus-work/$name
  mkdir -p "$work"
  echo "fuzz: $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix=tests/fuzz/findings/"$name"- -print_final_stats=0 \
       "$work" "tests/fuzz/corpus/$name" >"$build/$name.log" 2>&1; then
    echo "fuzz: $name FOUND A FAILURE — see $build/$name.log and tests/fuzz/findings/"
    tail -n 30 "$build/$name.log"
    status=1
  else
    grep -E '^(#[0-9]+|Done)' "$build/$name.log" | tail -n 1 || true
  fi
done
exit $status
