#!/usr/bin/env bash
# Fetch the front-end packages KAM serves from static/vendor/, once, from the npm
# registry. The app never loads anything from a CDN or the network at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
BOOTSTRAP_ICONS=1.13.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$BOOTSTRAP_ICONS" >/dev/null)
mkdir -p "$work/bs" "$work/bi"
tar xzf "$work/bootstrap-$BOOTSTRAP.tgz" -C "$work/bs"
tar xzf "$work/bootstrap-icons-$BOOTSTRAP_ICONS.tgz" -C "$work/bi"

dest=static/vendor
rm -rf "$dest/bootstrap" "$dest/bootstrap-icons"
mkdir -p "$dest/bootstrap" "$dest/bootstrap-icons/fonts"
cp "$work"/bs/package/dist/css/bootstrap.min.css{,.map} "$dest/bootstrap/"
cp "$work"/bs/package/dist/js/bootstrap.bundle.min.js{,.map} "$dest/bootstrap/"
cp "$work/bs/package/LICENSE" "$dest/bootstrap/"
cp "$work/bi/package/font/bootstrap-icons.min.css" "$dest/bootstrap-icons/"
cp "$work"/bi/package/font/fonts/bootstrap-icons.woff{,2} "$dest/bootstrap-icons/fonts/"
cp "$work/bi/package/LICENSE" "$dest/bootstrap-icons/"
echo "Vendored bootstrap $BOOTSTRAP and bootstrap-icons $BOOTSTRAP_ICONS into $dest/."
