#!/usr/bin/env bash
# Builds the .deb a manager installs, with cargo-packager, and checks it as installed: the
# package unpacked into a scratch root, its binary asked for its version and run on a
# scratch data file (demo, then check), its desktop entry validated, its MIME type read by
# update-mime-database and the rep file's name matched, every icon size present. Run by
# .ci/run after the tests; needs desktop-file-utils, libxml2-utils and shared-mime-info.
set -euo pipefail
cd "$(dirname "$0")/.."

packager_version=0.11.8
if ! cargo packager --version 2>/dev/null | grep -q "$packager_version"; then
  cargo install cargo-packager --locked --version "$packager_version"
fi
cargo packager --release --formats deb
deb=$(ls -t target/packages/*.deb | head -n 1)
echo "Checking $deb"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
[ "$(dpkg-deb -f "$deb" Package)" = coachbook ]
dpkg-deb -f "$deb" Depends | grep -q libc6
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ]
dpkg -x "$deb" "$root"

bin="$root/usr/bin/coachbook"
version=$("$bin" --version)
[ "$version" = "coachbook $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)" ] \
  || { echo "unexpected version: $version" >&2; exit 1; }
"$bin" demo --db "$root/scratch.db" --today 2026-11-20 >/dev/null
"$bin" check --db "$root/scratch.db" >/dev/null

desktop=$(ls "$root"/usr/share/applications/*.desktop)
desktop-file-validate "$desktop"
grep -q '^MimeType=application/x-coachbook-rep;$' "$desktop"
grep -q '^Exec=coachbook %f$' "$desktop"

mime="$root/usr/share/mime/packages/coachbook.xml"
xmllint --noout "$mime"
mime_db="$root/mime-db"
mkdir -p "$mime_db/packages"
cp "$mime" "$mime_db/packages/"
update-mime-database "$mime_db" >/dev/null 2>&1
grep -q '^50:application/x-coachbook-rep:\*\.coachrep$' "$mime_db/globs2"

for size in 16 24 32 48 64 128 256 512; do
  ls "$root"/usr/share/icons/hicolor/"${size}x${size}"/apps/*.png >/dev/null
done
[ -f "$root/usr/share/icons/hicolor/scalable/apps/coachbook.svg" ]
echo "The package installs and runs: $version"
