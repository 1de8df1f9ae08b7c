#!/usr/bin/env bash
# Make sure a command the tests need is there, installing its Debian package
# when it is missing and apt-get is available.
#
#   bash tests/support/ensure_debian_package.sh COMMAND PACKAGE "WHAT NEEDS IT"
#
# With CI=true a command that cannot be had is a failure; otherwise a warning
# (the tests that need it then skip).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 COMMAND PACKAGE \"WHAT NEEDS IT\"" >&2
  exit 2
fi
command=$1 package=$2 purpose=$3

command -v "$command" >/dev/null 2>&1 && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  echo "Installing Debian's $package for $purpose..."
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$package" >/dev/null
  command -v "$command" >/dev/null 2>&1 && exit 0
fi

if [[ "${CI:-}" == "true" ]]; then
  echo "error: $command is missing and could not be installed (apt-get install $package): needed for $purpose" >&2
  exit 1
fi
echo "warning: $command not found: $purpose will be skipped (apt-get install $package)" >&2
