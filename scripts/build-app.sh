#!/usr/bin/env bash
# Builds the desktop app: the UI (scripts/build-ui.sh), then the release binary
# $CARGO_TARGET_DIR/release/tenken-app (Tauri 2 embeds ui/dist).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bash scripts/build-ui.sh
echo "==> App: cargo build --release -p tenken-app"
cargo build --release --locked -p tenken-app
echo "==> Built $CARGO_TARGET_DIR/release/tenken-app"
