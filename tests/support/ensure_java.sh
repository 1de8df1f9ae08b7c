#!/usr/bin/env bash
# Make sure a Java runtime (11 or later) is there for the Nu HTML Checker
# (vnu.jar, from the pinned npm package vnu-jar). Installs Debian's
# default-jre-headless when it is missing and apt-get is available.
set -euo pipefail

command -v java >/dev/null 2>&1 && exit 0

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "Installing Debian's default-jre-headless for the HTML validator..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
  command -v java >/dev/null 2>&1 && exit 0
fi

if [[ "${CI:-}" == "true" ]]; then
  echo "error: no Java found and none could be installed (the HTML validator needs it)" >&2
  exit 1
fi
echo "warning: no Java found; the HTML validation test will be skipped" >&2
