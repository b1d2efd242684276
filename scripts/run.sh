#!/usr/bin/env bash
# Quick start 1: install prerequisites, build, and start Tenken.
# With a display it opens the desktop app; without one (no DISPLAY / WAYLAND_DISPLAY) it runs
# the headless demo through the CLI instead and says so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/prereqs.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "==> No display found (DISPLAY/WAYLAND_DISPLAY unset): running the headless CLI demo instead of the app."
  exec bash scripts/demo.sh
fi

bash scripts/build-app.sh
exec "$CARGO_TARGET_DIR/release/tenken-app"
