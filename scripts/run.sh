#!/usr/bin/env bash
# `make run`: csqm is built; show what it can do today. (`csqm serve`, the HTTP server with
# demo data, is the next capability to land; until then this runs the time-limit engine.)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/csqm
cal=templates/calendars/china-0830-1730-lunch.json
run() { echo "\$ csqm $*"; "$bin" "$@"; echo; }
echo "csqm 已构建 / csqm is built: $bin"
echo
run calendar check "$cal"
run sla due --calendar "$cal" --start 2026-02-13T16:00 --clock business --limit 0.5d --explain
run sla due --calendar "$cal" --start 2026-09-30T10:00 --clock workdays --limit 2d --explain
run sla due --calendar "$cal" --start 2026-02-17T23:55 --clock 24x7 --limit 10m
run sla elapsed --calendar "$cal" --from 2026-02-13T16:00 --to 2026-02-24T10:00
echo "更多 / more: $bin --help"
