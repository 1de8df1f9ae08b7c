#!/usr/bin/env bash
# Make sure Debian's wrk (the load generator of `make evidence`) is there.
# Installs the Debian package when it is missing and apt-get is available.
# With CI=true a wrk that cannot be had is a failure; otherwise a warning
# (the quick-mode test then skips).
set -euo pipefail

command -v wrk >/dev/null 2>&1 && exit 0

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "Installing Debian's wrk for the load benchmark..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null 2>&1 && exit 0
fi

if [[ "${CI:-}" == "true" ]]; then
  echo "error: wrk is not installed and could not be installed (apt-get install wrk)" >&2
  exit 1
fi
echo "warning: wrk not found; the load-benchmark test will be skipped (apt-get install wrk)" >&2
