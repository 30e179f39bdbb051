#!/usr/bin/env bash
# Installs what csqm needs and is missing: the Debian packages in deps/debian-packages.txt
# (apt-get, only the missing ones) and, once web/ exists, the npm packages of web/.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' deps/debian-packages.txt | grep -v '^$')
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "deps: all ${#wanted[@]} Debian packages present"
fi

if [[ -f web/package.json ]]; then
  if ! command -v npm >/dev/null; then  # Debian's nodejs comes without npm
    [[ $(id -u) -eq 0 ]] && sudo_npm=() || sudo_npm=(sudo)
    "${sudo_npm[@]}" apt-get install -y -qq --no-install-recommends npm
  fi
  if [[ ! -d web/node_modules || web/package-lock.json -nt web/node_modules ]]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
fi
