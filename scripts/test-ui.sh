#!/usr/bin/env bash
# UI tests: Vitest (logic), Playwright in Debian's chromium with mocked IPC (every screen, JA and
# EN screenshots in ui/test-results/screens), then the end-to-end test of the real app driven by
# tauri-driver + WebKitWebDriver under Xvfb (ui/tests/e2e/run.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bash scripts/build-ui.sh

echo "==> UI: type-check (svelte-check over the .svelte files, tsc over the .ts; the bindings and
#     command wrappers are generated from Rust, so a changed contract fails here)"
(cd ui && npm run --silent check)

echo "==> UI: vitest"
(cd ui && npx --no-install vitest run)

echo "==> UI: browser tests (chromium, mocked IPC)"
(cd ui && node tests/browser/run.mjs)

echo "==> App: end-to-end in the real app (tauri-driver, WebKitWebDriver, Xvfb)"
if ! command -v tauri-driver >/dev/null; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v tauri-driver >/dev/null; then
  echo "==> installing tauri-driver (cargo install tauri-driver --locked)"
  cargo install tauri-driver --locked
fi
# The e2e drives the debug binary the workspace build made, the tenken CLI to read the database,
# and the bench generator to write a realistic supplier checksheet to import.
cargo build --locked -p tenken-app -p tenken --bins --example bench_gen
export TENKEN_APP_BIN="$CARGO_TARGET_DIR/debug/tenken-app"
export TENKEN_CLI_BIN="$CARGO_TARGET_DIR/debug/tenken"
export TENKEN_GEN_BIN="$CARGO_TARGET_DIR/debug/examples/bench_gen"
(cd ui && xvfb-run -a -s "-screen 0 1440x900x24" node tests/e2e/run.mjs)
