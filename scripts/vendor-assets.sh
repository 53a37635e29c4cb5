#!/usr/bin/env bash
# Fetch the front-end packages KAM serves from static/vendor/, once, from the npm
# registry. The app never loads anything from a CDN or the network at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9
BOOTSTRAP_ICONS=1.13.2
SWAGGER_UI=5.35.0  # the API docs page, /api/docs/

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$BOOTSTRAP_ICONS" \
  "swagger-ui-dist@$SWAGGER_UI" >/dev/null)
mkdir -p "$work/bs" "$work/bi" "$work/sw"
tar xzf "$work/bootstrap-$BOOTSTRAP.tgz" -C "$work/bs"
tar xzf "$work/bootstrap-icons-$BOOTSTRAP_ICONS.tgz" -C "$work/bi"
tar xzf "$work/swagger-ui-dist-$SWAGGER_UI.tgz" -C "$work/sw"

dest=static/vendor
rm -rf "$dest/bootstrap" "$dest/bootstrap-icons" "$dest/swagger-ui"
mkdir -p "$dest/swagger-ui"
mkdir -p "$dest/bootstrap" "$dest/bootstrap-icons/fonts"
cp "$work"/bs/package/dist/css/bootstrap.min.css{,.map} "$dest/bootstrap/"
cp "$work"/bs/package/dist/js/bootstrap.bundle.min.js{,.map} "$dest/bootstrap/"
cp "$work/bs/package/LICENSE" "$dest/bootstrap/"
cp "$work/bi/package/font/bootstrap-icons.min.css" "$dest/bootstrap-icons/"
cp "$work"/bi/package/font/fonts/bootstrap-icons.woff{,2} "$dest/bootstrap-icons/fonts/"
cp "$work/bi/package/LICENSE" "$dest/bootstrap-icons/"
cp "$work"/sw/package/{swagger-ui-bundle.js,swagger-ui-standalone-preset.js} "$dest/swagger-ui/"
cp "$work"/sw/package/{swagger-ui.css,LICENSE,NOTICE} "$dest/swagger-ui/"
# Their source maps are not shipped: drop the comments that point at them.
sed -i '/^\/[\/*]# sourceMappingURL=/d' "$dest"/swagger-ui/*.js "$dest"/swagger-ui/*.css
echo "Vendored swagger-ui-dist $SWAGGER_UI, bootstrap $BOOTSTRAP and bootstrap-icons $BOOTSTRAP_ICONS into $dest/."
