#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is there.
# Order: PLAYWRIGHT_BUNDLED=1 (Playwright's own build); $CHROMIUM_PATH if set;
# else Debian's chromium, installed when missing (ensure_debian_package.sh).
# Never downloads a browser build of its own (no `playwright install` on
# these machines).
set -euo pipefail

# Playwright's own Chromium (GitHub's Ubuntu runners; see the Pages workflow).
[[ "${PLAYWRIGHT_BUNDLED:-}" == "1" ]] && exit 0

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] && exit 0
  echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi
exec bash "$(dirname "$0")/ensure_debian_package.sh" chromium chromium "the browser tests"
