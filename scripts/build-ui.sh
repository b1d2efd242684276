#!/usr/bin/env bash
# Builds the UI into ui/dist (embedded by src-tauri at compile time). Idempotent: npm ci only
# when package-lock.json changed since the last install, vite build only when sources changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../ui"

stamp=node_modules/.tenken-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> UI: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

newest_src=$(find src index.html vite.config.ts package-lock.json -type f -newer dist/index.html 2>/dev/null | head -1 || true)
if [ ! -f dist/index.html ] || [ -n "$newest_src" ]; then
  echo "==> UI: vite build"
  npx --no-install vite build --logLevel warn
else
  echo "==> UI: dist is up to date"
fi
