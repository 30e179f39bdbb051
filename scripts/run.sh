#!/usr/bin/env bash
# `make run`: starts csqm serve on the embedded SQLite database in ./var. On the first start it
# loads the property-management template and the fictional demo company, and prints the
# demo logins. CSQM_LISTEN (default 127.0.0.1:8080) and CSQM_DATA (default ./var) change where.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/csqm
data=${CSQM_DATA:-var}
listen=${CSQM_LISTEN:-127.0.0.1:8080}
logins="$data/demo-logins.txt"

mkdir -p "$data"
if [[ ! -f "$data/csqm.db" ]]; then
  echo "首次启动：载入物业管理模板和演示数据 / first start: loading the property template and demo data"
  if ! "$bin" seed --template property --demo --data "$data" >"$logins.tmp"; then
    rm -f "$data/csqm.db" "$data/csqm.db-wal" "$data/csqm.db-shm" "$logins.tmp"
    exit 1
  fi
  mv "$logins.tmp" "$logins"
fi
cat "$logins"
echo
echo "csqm: http://$listen/   (API: http://$listen/api/v1, 健康检查 health: http://$listen/healthz)"
echo "停止 / stop: Ctrl-C"
exec "$bin" serve --data "$data" --listen "$listen"
