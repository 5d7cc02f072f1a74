#!/usr/bin/env bash
# Browser tests of the web workspace: drive `tact serve` in headless Chromium.
# Installs what is missing (Debian's chromium, the test folder's npm packages), builds `tact`
# (debug) and runs tests/browser. Screenshots go to target/browser-artifacts/.
# Usage: scripts/browser-tests.sh [--tact PATH]   (run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "== installing chromium (apt)"
    apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
  else
    echo "browser tests need Chromium at $chromium (apt-get install chromium) or CHROMIUM=PATH" >&2
    exit 2
  fi
fi
command -v node >/dev/null || { echo "browser tests need Node.js 18 or later (node)" >&2; exit 2; }
command -v npm >/dev/null || { echo "browser tests need npm" >&2; exit 2; }

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "== npm ci (tests/browser)"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

tact=""
if [ "${1:-}" = "--tact" ] && [ -n "${2:-}" ]; then
  tact="$2"
else
  echo "== building tact (debug)"
  cargo build -p tact --quiet
  tact="$root/target/debug/tact"
fi

echo "== UI text helpers (node --test)"
(cd tests/browser && node --test text.test.mjs)
echo "== browser"
node tests/browser/run.mjs --tact "$tact" --chromium "$chromium" --artifacts "$root/target/browser-artifacts"
