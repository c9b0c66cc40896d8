#!/usr/bin/env bash
# Builds the .deb (cargo-packager) and the AppImage (build-appimage.sh) a manager installs,
# and checks each as installed: unpacked into a scratch root, its binary asked for its
# version and run on a scratch data file (demo, then check), its desktop entry validated,
# its MIME type read by update-mime-database and the rep file's name matched, every icon
# size present. The AppImage also runs as a user runs it: through FUSE when this machine
# can mount, and extracted into a temporary folder when it cannot. Run by .ci/run after the
# tests; needs desktop-file-utils, libxml2-utils, shared-mime-info and squashfs-tools.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
expected="coachbook $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"

# Runs the binary the way a manager would: its version, then a demo file made and checked.
check_runs() {
  local name=$1; shift
  local version
  version=$("$@" --version)
  [ "$version" = "$expected" ] || { echo "$name: unexpected version: $version" >&2; exit 1; }
  rm -f "$scratch/$name.db"
  "$@" demo --db "$scratch/$name.db" --today 2026-11-20 >/dev/null
  "$@" check --db "$scratch/$name.db" >/dev/null
}

# The desktop entry, the MIME type and the icons a desktop reads from an installed root.
check_desktop_files() {
  local root=$1 desktop=$2
  desktop-file-validate "$desktop"
  grep -q '^MimeType=application/x-coachbook-rep;$' "$desktop"
  grep -q '^Exec=coachbook %f$' "$desktop"

  local mime="$root/usr/share/mime/packages/coachbook.xml"
  xmllint --noout "$mime"
  local mime_db="$root/mime-db"
  mkdir -p "$mime_db/packages"
  cp "$mime" "$mime_db/packages/"
  update-mime-database "$mime_db" >/dev/null 2>&1
  grep -q '^50:application/x-coachbook-rep:\*\.coachrep$' "$mime_db/globs2"

  for size in 16 24 32 48 64 128 256 512; do
    ls "$root"/usr/share/icons/hicolor/"${size}x${size}"/apps/coachbook.png >/dev/null
  done
  [ -f "$root/usr/share/icons/hicolor/scalable/apps/coachbook.svg" ]
}

check_deb() {
  local packager_version=0.11.8
  if ! cargo packager --version 2>/dev/null | grep -q "$packager_version"; then
    cargo install cargo-packager --locked --version "$packager_version"
  fi
  cargo packager --release --formats deb
  local deb root="$scratch/deb"
  deb=$(ls -t target/packages/*.deb | head -n 1)
  echo "Checking $deb"
  [ "$(dpkg-deb -f "$deb" Package)" = coachbook ]
  dpkg-deb -f "$deb" Depends | grep -q libc6
  [ -n "$(dpkg-deb -f "$deb" Maintainer)" ]
  dpkg -x "$deb" "$root"
  check_runs deb "$root/usr/bin/coachbook"
  check_desktop_files "$root" "$(ls "$root"/usr/share/applications/*.desktop)"
}

check_appimage() {
  local image root="$scratch/appimage/squashfs-root"
  image=$(realpath "$(bash packaging/build-appimage.sh)")
  echo "Checking $image"
  mkdir -p "$scratch/appimage"
  (cd "$scratch/appimage" && "$image" --appimage-extract >/dev/null)
  [ "$(readlink "$root/AppRun")" = usr/bin/coachbook ]
  [ -f "$root/coachbook.png" ] && [ -L "$root/.DirIcon" ]
  check_desktop_files "$root" "$root/coachbook.desktop"
  check_runs appimage-extracted "$root/AppRun"
  check_runs appimage-extract-and-run "$image" --appimage-extract-and-run
  if [ -e /dev/fuse ] && ldconfig -p | grep -q 'libfuse\.so\.2 '; then
    check_runs appimage "$image"
  else
    echo "Not run through FUSE: this machine has no /dev/fuse or no libfuse2"
  fi
}

check_deb
check_appimage
echo "The packages install and run: $expected"
