#!/usr/bin/env bash
# Replaces one marked section of bench/RESULTS.md, keeping every other section:
#   bench/splice_results.sh RESULTS.md SECTION_FILE NAME
# SECTION_FILE holds the whole block, from "<!-- NAME:begin -->" to "<!-- NAME:end -->". The
# text between the markers in RESULTS.md is replaced; the block is appended when missing.
set -euo pipefail
results=$1
section=$2
name=$3
begin_marker="<!-- $name:begin -->"
end_marker="<!-- $name:end -->"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

if [[ -f $results ]]; then
  has_begin=$(grep -cFx -- "$begin_marker" "$results" || true)
  has_end=$(grep -cFx -- "$end_marker" "$results" || true)
  if [[ $has_begin -ne $has_end || $has_begin -gt 1 ]]; then
    echo "$0: $results has unbalanced $name markers; fix it by hand" >&2
    exit 1
  fi
  if [[ $has_begin -eq 1 ]]; then
    awk -v begin="$begin_marker" -v end="$end_marker" -v section="$section" '
      $0 == begin { while ((getline line < section) > 0) print line; skipping = 1; next }
      $0 == end { skipping = 0; next }
      !skipping { print }
    ' "$results" >"$tmp"
  else
    {
      cat "$results"
      # One blank line between what was there and the block.
      if [[ -s $results ]]; then
        [[ -z $(tail -c1 "$results") ]] || echo  # no final newline
        echo
      fi
      cat "$section"
    } >"$tmp"
  fi
else
  { echo "# Benchmark results"; echo; cat "$section"; } >"$tmp"
fi
cat "$tmp" >"$results.tmp" && mv "$results.tmp" "$results"
