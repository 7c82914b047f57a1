#!/usr/bin/env bash
# Real-browser tests of the web app (Chromium driven by playwright-core, with
# axe-core accessibility checks): installs what is missing (Debian's chromium,
# the npm packages of tests/browser), builds uti, runs tests/browser/run.mjs.
# Any install that fails is a failure, with or without CI=true: never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "test-browser: $*" >&2; }
die() { echo "test-browser: FAIL: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"
export CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export UTI_BIN="${UTI_BIN:-$CARGO_TARGET_DIR/debug/uti}"
start=$(date +%s)

# Chromium (Debian's package; browsers downloaded by test tools cannot be had here).
if [ ! -x "$CHROMIUM_BIN" ]; then
  [ "$CHROMIUM_BIN" = /usr/bin/chromium ] || die "CHROMIUM_BIN=$CHROMIUM_BIN does not exist"
  log "installing chromium (apt-get)"
  apt() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }
  if ! { apt update -qq >&2 && apt install -y -qq chromium >&2; }; then
    die "cannot install Debian's chromium (apt-get install chromium failed)${CI:+ under CI=$CI}; the browser tests need it"
  fi
  [ -x "$CHROMIUM_BIN" ] || die "chromium installed but $CHROMIUM_BIN is missing"
fi
command -v node >/dev/null || die "node is not installed (Node >= 20 is needed)"
command -v npm >/dev/null || die "npm is not installed"

# npm packages, from the lock file; again when the lock file changed.
lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.uti-lock.sha256
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ ! -d tests/browser/node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "npm ci in tests/browser"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci in tests/browser failed"
  echo "$want" >"$stamp"
fi
installed=$(date +%s)

# The binary under test (debug build).
if [ "$UTI_BIN" = "$CARGO_TARGET_DIR/debug/uti" ]; then
  log "cargo build -p uti"
  cargo build -p uti || die "cargo build -p uti failed"
fi
built=$(date +%s)

status=0
node tests/browser/run.mjs "$@" || status=$?
log "install $((installed - start)) s, build $((built - installed)) s, tests $(($(date +%s) - built)) s"
exit "$status"
