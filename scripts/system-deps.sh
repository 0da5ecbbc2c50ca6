#!/bin/sh
# Installs the Debian packages the tests need on a clean machine: Chromium for Playwright
# (/usr/bin/chromium), QuickFIX C++ with Boost and a compiler for the interop peers, OpenSSL
# for the TLS test certificates. Idempotent: installs only what is missing, and runs
# `apt-get update` once, only when something has to be installed.
set -eu

PACKAGES="chromium libquickfix-dev libboost-dev g++ make openssl"

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing="$missing $pkg"
  fi
done
missing=${missing# }

if [ -z "$missing" ]; then
  echo "system-deps: all present ($PACKAGES)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing Debian packages: $missing" >&2
  echo "system-deps: install them as root with:" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "system-deps: installing $missing"
apt-get update
# shellcheck disable=SC2086 # one word per package
apt-get install -y --no-install-recommends $missing
echo "system-deps: installed $missing"
