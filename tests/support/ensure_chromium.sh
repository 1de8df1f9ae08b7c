#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is there.
# Order: PLAYWRIGHT_BUNDLED=1 (Playwright's own build); $CHROMIUM_PATH if set;
# Debian's /usr/bin/chromium; else install the Debian package when apt-get is
# available. Never downloads a browser build of
# its own (no `playwright install` on these machines).
set -euo pipefail

# Playwright's own Chromium (GitHub's Ubuntu runners; see the Pages workflow).
[[ "${PLAYWRIGHT_BUNDLED:-}" == "1" ]] && exit 0

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] && exit 0
  echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi
command -v chromium >/dev/null 2>&1 && exit 0

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "Installing Debian's chromium for the browser tests..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi

if [[ "${CI:-}" == "true" ]]; then
  echo "error: no Chromium found and none could be installed; set CHROMIUM_PATH" >&2
  exit 1
fi
echo "warning: no Chromium found; browser tests will be skipped (set CHROMIUM_PATH)" >&2
