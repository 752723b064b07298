#!/bin/sh
# Refresh the vendored front-end code from the npm registry: ./refresh.sh [YASGUI [CYTOSCAPE]]
# Copies the browser bundle (yasgui.min.js, yasgui.min.css) of @zazuko/yasgui into ./yasgui/ and
# cytoscape.min.js (with its LICENSE) of cytoscape into ./cytoscape/, records the versions and
# checksums, and checks each declared licence is still MIT.
# Needs npm (the registry only; no CDN is used at runtime).
set -eu
VERSION="${1:-4.6.2}"
CYTOSCAPE_VERSION="${2:-3.34.4}"
HERE="$(cd "$(dirname "$0")" && pwd)"
DEST="$HERE/yasgui"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cd "$TMP"
npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null
tar xzf zazuko-yasgui-"$VERSION".tgz
LICENSE="$(node -p "require('./package/package.json').license")"
if [ "$LICENSE" != "MIT" ]; then
  echo "refresh.sh: @zazuko/yasgui@$VERSION declares licence $LICENSE, not MIT: check before vendoring" >&2
  exit 1
fi
mkdir -p "$DEST"
cp package/build/yasgui.min.js package/build/yasgui.min.css "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
(cd "$DEST" && sha256sum yasgui.min.js yasgui.min.css > SHA256SUMS)
echo "vendored @zazuko/yasgui@$VERSION into $DEST (update the version in README.md if it changed)"

npm pack --silent "cytoscape@$CYTOSCAPE_VERSION" >/dev/null
rm -rf package && tar xzf cytoscape-"$CYTOSCAPE_VERSION".tgz
LICENSE="$(node -p "require('./package/package.json').license")"
if [ "$LICENSE" != "MIT" ]; then
  echo "refresh.sh: cytoscape@$CYTOSCAPE_VERSION declares licence $LICENSE, not MIT: check before vendoring" >&2
  exit 1
fi
DEST="$HERE/cytoscape"
mkdir -p "$DEST"
cp package/dist/cytoscape.min.js package/LICENSE "$DEST/"
echo "$CYTOSCAPE_VERSION" > "$DEST/VERSION"
(cd "$DEST" && sha256sum cytoscape.min.js > SHA256SUMS)
echo "vendored cytoscape@$CYTOSCAPE_VERSION into $DEST (update the version in README.md if it changed)"
