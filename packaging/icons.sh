#!/usr/bin/env bash
# Makes the PNG sizes desktops want from the icon's SVG source (needs rsvg-convert, from
# Debian's librsvg2-bin). The PNGs are committed, so a build needs no rasterizer.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" "$here/icons/coachbook.svg" -o "$here/icons/${size}x${size}.png"
done
