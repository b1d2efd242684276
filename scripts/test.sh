#!/usr/bin/env bash
# Quick start 2: install prerequisites and run every test (what CI runs through .ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/prereqs.sh

echo "==> Catalogs: each built-in catalog is what its generator makes of its source text"
python3 tools/catalogs/check_all.py

# src-tauri embeds ui/dist at compile time, so the UI is built before the workspace.
bash scripts/build-ui.sh
echo "==> Rust: formatting (rustfmt.toml)"
cargo fmt --all --check

echo "==> Rust: build once, clippy with warnings as errors, then every test of the workspace"
cargo build --workspace --all-targets --locked
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked --no-fail-fast

if [ -x scripts/test-ui.sh ]; then
  echo "==> UI and end-to-end tests"
  bash scripts/test-ui.sh
fi
echo "==> all tests passed"
