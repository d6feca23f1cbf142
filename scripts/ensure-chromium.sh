#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing. Browser tests skip without it
# (unless THRIVE_REQUIRE_BROWSER=1, as in CI, when they fail).
set -euo pipefail
CHROMIUM="${THRIVE_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Chromium is not installed and this user cannot install it; browser tests will skip." >&2
    echo "Install it with: apt-get install chromium" >&2
    exit 0
  fi
fi
echo "Installing Debian's chromium for the browser tests..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null
