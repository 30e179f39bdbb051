#!/usr/bin/env bash
# The quality-report benchmark (`make bench`): the monthly quality report, the indicators of a
# month and the 12-month dashboard over generated databases of 1,000,000 and 10,000,000 cases
# (bench/quality_bench.cpp). Writes its own section of bench/RESULTS.md (between the
# quality-bench markers; the other sections are kept).
#
#   bench/quality_bench.sh BUILD_DIR
#
# Settings (environment): QUALITY_BENCH_CASES ("1000000 10000000"), QUALITY_BENCH_RUNS (5),
# QUALITY_BENCH_DATA (bench/data: the databases bench/data/quality-N/ are generated when
# missing — about 1 min per million cases and 0.5 GB per million here — and reused after).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
results="$bench_dir/RESULTS.md"
bench="$build_dir/bench/csqm_quality_bench"
sizes=${QUALITY_BENCH_CASES:-1000000 10000000}
runs=${QUALITY_BENCH_RUNS:-5}
data_root=${QUALITY_BENCH_DATA:-$bench_dir/data}

if [[ ! -x $bench ]]; then
  echo "$0: $bench not found; build it first: cmake --build $build_dir --target csqm_quality_bench" >&2
  exit 1
fi
mkdir -p "$data_root"
work=$(mktemp -d "${TMPDIR:-/tmp}/csqm_quality_bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
{
  echo '<!-- quality-bench:begin -->'
  echo '## Quality report and dashboard indicators (bench/quality_bench.sh)'
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), load average before: $load_before."
  echo 'The databases are generated in bulk straight into the tables and the rollups (cases, one SLA'
  echo 'target each, per-case facts, daily and monthly rollups, a done callback for about half of the'
  echo 'resolved complaints; no timeline, audit or search rows): about 1 min and 0.45 GB per million'
  echo 'cases on a quiet machine (the 10M database took 27 min wall-clock, 4 min CPU, on this loaded one).'
  echo 'Times in ms over'
  echo "$runs runs: the first right after opening the database (cold caches), then min / median / max"
  echo 'wall-clock time, and the median CPU time of the process (all threads) — the machine is shared,'
  echo 'so wall-clock times include waiting for a core; CPU time is what the work itself costs.'
  echo
  echo '| cases / operation | first | min | median | max | CPU median |'
  echo '|---|---:|---:|---:|---:|---:|'
} >"$work/section.md"
for n in $sizes; do
  dir="$data_root/quality-$n"
  cmd="$bench --data $dir --cases $n --runs $runs"
  echo "+ $cmd"
  $cmd | tee "$work/out-$n.txt"
  head -n1 "$work/out-$n.txt" | sed 's/^| \([0-9]*\) cases | \([0-9]*\) rollup rows | \(.*\) |$/| **\1 cases** (\2 daily rollup rows; report month \3) | | | | | |/' >>"$work/section.md"
  sed -n '2,4p' "$work/out-$n.txt" >>"$work/section.md"
done
{
  echo
  echo "Command: \`bench/quality_bench.sh $1\` (QUALITY_BENCH_CASES=\"$sizes\")."
  echo 'Target (issue 6): a month'"'"'s report of a 10M-case SQLite database in ≤ 1 s.'
  echo '<!-- quality-bench:end -->'
} >>"$work/section.md"
"$bench_dir/splice_results.sh" "$results" "$work/section.md" quality-bench
echo "wrote the quality-bench section of $results"
