#!/usr/bin/env bash
# Installs what Tenken needs to build, run and test on Debian 12 / Ubuntu, idempotently.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again at any time.
set -euo pipefail

APT_PACKAGES=(
  build-essential pkg-config file libssl-dev            # Rust crates that build C (SQLCipher needs libcrypto)
  libwebkit2gtk-4.1-dev librsvg2-dev                    # Tauri 2 on Linux
  xvfb xauth webkit2gtk-driver                          # the app's tests in a real window
  fonts-ipaexfont                                       # Japanese text on screen
  poppler-utils qpdf openssl sqlite3                    # tests inspect PDFs, signatures and databases
  libnss3-tools python3-pip                             # certutil: a trusted root for pdfsig; pip: pyHanko
  libreoffice-calc-nogui                                # tests open the Excel results in LibreOffice
  chromium                                              # browser tests of the UI
  nodejs npm                                            # the UI build
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_apt_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_apt() {
  local missing
  missing=$(missing_apt_packages | tr '\n' ' ')
  # node/npm may come from elsewhere (nvm, NodeSource): only ask apt when they are absent.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=$(echo " $missing " | sed -e 's/ nodejs / /' -e 's/ npm / /')
  fi
  if [ -n "${missing// /}" ]; then
    echo "==> apt: installing $missing"
    as_root apt-get update -qq -o DPkg::Lock::Timeout=600
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      -o DPkg::Lock::Timeout=600 $missing
  fi
}

check_rust() {
  if ! command -v cargo >/dev/null; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "tenken: Rust (cargo) is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
      exit 1
    fi
  fi
  # The test command checks formatting and lints; rustup's default profile has both.
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    echo "==> rustup: adding rustfmt and clippy"
    rustup component add rustfmt clippy
  fi
}

# pyHanko, a second independent PDF signature validator for the signing tests (PyPI only).
install_pyhanko() {
  if ! python3 -c 'import pyhanko, pyhanko_certvalidator' 2>/dev/null; then
    echo "==> pip: installing pyHanko"
    python3 -m pip install --user --quiet 'pyHanko[opentype]' \
      || python3 -m pip install --user --quiet --break-system-packages 'pyHanko[opentype]'
  fi
}

install_apt
install_pyhanko
check_rust
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target}"
