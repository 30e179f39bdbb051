#!/usr/bin/env bash
# Builds the web UI (web/ → web/dist, served by csqm serve at /) when a source is newer than
# the last build; does nothing when nothing changed. Called by `make build`.
set -euo pipefail
cd "$(dirname "$0")/../web"
[[ -f package.json ]] || exit 0
stamp=dist/index.html
if [[ -f $stamp ]] &&
  [[ -z $(find src public index.html vite.config.ts tsconfig.json package-lock.json \
    -newer "$stamp" -print -quit 2>/dev/null) ]]; then
  exit 0
fi
echo "web: building web/dist"
npm run --silent build -- --logLevel warn
touch "$stamp"
