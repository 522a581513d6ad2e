#!/usr/bin/env bash
# Makes sure the browser test has a Chromium: CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, installed
# with apt when missing (fresh CI machines do not have it; playwright-core never downloads one itself).
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ -x "$CHROMIUM_PATH" ]]; then exit 0; fi
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi

if [[ -x /usr/bin/chromium ]]; then exit 0; fi

if ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
sudo=""
if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
echo "ensure-chromium: /usr/bin/chromium is missing, installing Debian's chromium with apt-get (about 25 s)..." >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
echo "ensure-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
