#!/usr/bin/env bash
# Runs the time-limit engine benchmark (csqm_sla_bench) and writes its section of
# bench/RESULTS.md. Other sections of that file (written by other scripts) are kept: only the
# text between the sla-bench markers is replaced, or the block is appended when missing.
#
#   bench/run.sh BUILD_DIR [extra benchmark flags, e.g. --benchmark_filter=DueAt]
#
# The benchmark runs pinned to CPU 0 (taskset, when available) with a minimum of 0.5 s per
# benchmark. The table comes from the JSON output, via python3, else jq, else the console
# output is embedded as is. SLA_BENCH_TABLE_TOOL=python3|jq|console forces one of them.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR [benchmark flags...]" >&2
  exit 2
fi
build_dir=$1
shift

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
results="$bench_dir/RESULTS.md"
binary="$build_dir/bench/csqm_sla_bench"
begin_marker='<!-- sla-bench:begin -->'
end_marker='<!-- sla-bench:end -->'

if [[ ! -x $binary ]]; then
  echo "$0: $binary not found; build it first:" >&2
  echo "  cmake --build $build_dir --target csqm_sla_bench" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/csqm_sla_bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
json="$tmp/csqm_sla_bench.json"

cmd=()
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true >/dev/null 2>&1; then
  cmd+=(taskset -c 0)
fi
# Google Benchmark 1.7.1 takes --benchmark_min_time as a plain number of seconds (no "s").
cmd+=("$binary" --benchmark_min_time=0.5 --benchmark_format=console
  "--benchmark_out=$json" --benchmark_out_format=json "$@")
cmd_line=$(printf '%q ' "${cmd[@]}")
cmd_line=${cmd_line% }

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "+ $cmd_line"
"${cmd[@]}" | tee "$tmp/console.txt"

# --- Machine and build ------------------------------------------------------------------------
cpu_model=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
cpu_model=${cpu_model:-unknown}
cache="$build_dir/CMakeCache.txt"
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache" 2>/dev/null || true)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$cache" 2>/dev/null || true)
# Through the symlinks (c++ -> g++-12), so that the version line names the real compiler.
compiler=$("$(readlink -f "$(command -v "${cxx:-g++}")")" --version 2>/dev/null | head -n1 || true)

# --- Table ------------------------------------------------------------------------------------
# Rows "DueAt/..." other than the 2-year ones are the deadline computations the issue's target
# (>= 1,000,000 per second on one core for spans up to 30 days) applies to.
table_python() {
  python3 - "$json" <<'PY'
import json, sys

TARGET = 1_000_000
SCALE = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

def in_scope(name):
    return name.startswith("DueAt/") and not name.endswith("/2y")

def fmt_ns(ns):
    return f"{ns:,.1f}" if ns < 1000 else f"{ns:,.0f}"

with open(sys.argv[1]) as f:
    data = json.load(f)
print("| Benchmark | Time per op (ns, CPU) | Ops per second (items/s) | ≥ 1M/s? |")
print("|---|---:|---:|:---:|")
checked, failed, slowest = 0, [], None
for b in data["benchmarks"]:
    name = b["name"]
    if b.get("error_occurred"):
        print(f"| `{name}` | error: {b.get('error_message', '')} | | |")
        if in_scope(name):
            checked += 1
            failed.append(name)
        continue
    ns = b["cpu_time"] * SCALE.get(b.get("time_unit", "ns"), 1.0)
    rate = b.get("items_per_second")
    rate_text = f"{rate:,.0f}" if rate is not None else "—"
    if in_scope(name) and rate is not None:
        checked += 1
        ok = rate >= TARGET
        verdict = "yes" if ok else "**NO**"
        if not ok:
            failed.append(name)
        if slowest is None or rate < slowest[1]:
            slowest = (name, rate)
    elif name.startswith("DueAt/"):
        verdict = "n/a (> 30 d)"
    else:
        verdict = "—"
    print(f"| `{name}` | {fmt_ns(ns)} | {rate_text} | {verdict} |")
print()
if checked == 0:
    print("**Target** (≥ 1,000,000 DueAt/s on one core, spans ≤ 30 days): not checked "
          "(no DueAt rows in this run).")
elif failed:
    print(f"**Target** (≥ 1,000,000 DueAt/s on one core, spans ≤ 30 days): **NOT met** — "
          + ", ".join(f"`{n}`" for n in failed) + ".")
else:
    print(f"**Target** (≥ 1,000,000 DueAt/s on one core, spans ≤ 30 days): **met** by all "
          f"{checked} in-scope rows; slowest `{slowest[0]}` at {slowest[1]:,.0f}/s.")
PY
}

table_jq() {
  jq -r '
    def commas: tostring | gsub("(?<=\\d)(?=(\\d{3})+$)"; ",");
    def scale: {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[.time_unit // "ns"] // 1;
    def in_scope: (.name | startswith("DueAt/")) and (.name | endswith("/2y") | not);
    def ns: (.cpu_time * scale) as $t
      | if $t < 1000 then ($t * 10 | round / 10 | tostring) else ($t | round | commas) end;
    [.benchmarks[]] as $rows
    | [$rows[] | select(in_scope)] as $scope
    | [$scope[] | select(.error_occurred or ((.items_per_second // 0) < 1000000)) | .name]
        as $failed
    | "| Benchmark | Time per op (ns, CPU) | Ops per second (items/s) | ≥ 1M/s? |",
      "|---|---:|---:|:---:|",
      ($rows[]
       | if .error_occurred then "| `\(.name)` | error: \(.error_message // "") | | |"
         else "| `\(.name)` | \(ns) | "
              + (if .items_per_second then (.items_per_second | round | commas) else "—" end)
              + " | "
              + (if in_scope then (if .items_per_second >= 1000000 then "yes" else "**NO**" end)
                 elif (.name | startswith("DueAt/")) then "n/a (> 30 d)" else "—" end)
              + " |"
         end),
      "",
      "**Target** (≥ 1,000,000 DueAt/s on one core, spans ≤ 30 days): "
      + if ($scope | length) == 0 then "not checked (no DueAt rows in this run)."
        elif ($failed | length) > 0 then
          "**NOT met** — " + ($failed | map("`\(.)`") | join(", ")) + "."
        else
          ($scope | min_by(.items_per_second)) as $s
          | "**met** by all \($scope | length) in-scope rows; slowest `\($s.name)` at "
            + ($s.items_per_second | round | commas) + "/s."
        end
  ' "$json"
}

table_console() {
  echo "(Neither python3 nor jq was available: the console output as is.)"
  echo
  echo '```'
  cat "$tmp/console.txt"
  echo '```'
}

tool=${SLA_BENCH_TABLE_TOOL:-}
if [[ -z $tool ]]; then
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import json' >/dev/null 2>&1; then
    tool=python3
  elif command -v jq >/dev/null 2>&1; then
    tool=jq
  else
    tool=console
  fi
fi
case $tool in
  python3) table_python >"$tmp/table.md" ;;
  jq) table_jq >"$tmp/table.md" ;;
  console) table_console >"$tmp/table.md" ;;
  *) echo "$0: SLA_BENCH_TABLE_TOOL must be python3, jq or console" >&2; exit 2 ;;
esac

# --- Section ----------------------------------------------------------------------------------
{
  echo "$begin_marker"
  echo "## Time-limit engine (csqm_sla_bench)"
  echo
  echo "- Date: $(date '+%Y-%m-%d %H:%M %Z')"
  echo "- Machine: $(nproc) CPUs (nproc), ${cpu_model}; load average at start: ${load}"
  echo "- Compiler: ${compiler:-unknown}; build type: ${build_type:-unknown} ($build_dir)"
  echo "- Command: \`$cmd_line\`"
  echo
  echo "Each iteration starts from the next of 4096 pseudo-random instants spread over 2025–2026"
  echo "(Asia/Shanghai; nights, weekends and holidays included); year tables are built before"
  echo "timing except in \`FirstUse/*\`. Calendars: \`china-lunch\` ="
  echo "templates/calendars/china-0830-1730-lunch.json (08:30–12:00, 13:30–17:30, 2025–2026"
  echo "holidays and make-up days, 1d = 450 min); \`mon-fri-9-17\` = Mon–Fri 09:00–17:00, no"
  echo "holidays (1d = 480 min). Business spans are limits as written (\`3d\` = 3 business days);"
  echo "\`2y\` = 500 business days. Times are CPU time per operation; items/s = operations per"
  echo "second on one core. The \"≥ 1M/s?\" column checks the issue's target on every DueAt row"
  echo "with a span of at most 30 days (tool: $tool)."
  if grep -q '^ParseIcs/' "$tmp/console.txt"; then
    echo "\`ParseIcs/*\` parses a generated .ics (CRLF, folded lines) of 200 all-day events."
  fi
  echo
  cat "$tmp/table.md"
  if grep -q 'Library was built as DEBUG' "$tmp/console.txt"; then
    echo
    echo "Note: Debian's libbenchmark reports itself as a DEBUG build (its own warning). The timed"
    echo "loop is inlined from the header into the Release-built benchmark, so this does not slow"
    echo "the code measured."
  fi
  echo "$end_marker"
} >"$tmp/section.md"

# --- Splice into RESULTS.md -------------------------------------------------------------------
"$bench_dir/splice_results.sh" "$results" "$tmp/section.md" sla-bench
echo "Wrote the csqm_sla_bench section of $results"
