#!/usr/bin/env bash
# Screenshots an HTML file (such as an `accord eval --report html` page) with
# headless Chromium, to check how a report looks without a desktop.
#   scripts/render_report.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]
# OUT defaults to REPORT.png beside the input; the window is 1280x2000.
# Chromium comes from Debian's package (apt-get install -y chromium) when missing.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 REPORT.html [OUT.png] [WIDTH] [HEIGHT]" >&2
  exit 2
fi
html="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="${2:-${html%.*}.png}"
width="${3:-1280}"
height="${4:-2000}"

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser="$(command -v "$b")"; break; fi
done
if [ -z "$browser" ]; then
  echo "[render] installing chromium from the Debian packages" >&2
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  browser="$(command -v chromium)"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --screenshot="$out" \
  --window-size="$width,$height" "file://$html" 2>/dev/null
echo "$out"
