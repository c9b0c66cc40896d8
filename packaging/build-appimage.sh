#!/usr/bin/env bash
# Builds target/packages/Coachbook-VERSION-x86_64.AppImage from the release binary (in
# $CARGO_TARGET_DIR when set) and prints its path. The AppImage runtime comes with the
# `appimage` crate from crates.io (packaging/appimage), the squashed file system from
# mksquashfs (squashfs-tools).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked --bin coachbook >&2
cargo build --release --locked --manifest-path packaging/appimage/Cargo.toml \
  --target-dir "$target/appimage-tool" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
image=$("$target/appimage-tool/release/coachbook-appimage" "$target/release/coachbook" "$work" \
  | tail -n 1)
mkdir -p target/packages
mv "$image" target/packages/
echo "target/packages/$(basename "$image")"
