#!/bin/sh
# Refresh the vendored front-end code from the npm registry: ./refresh.sh [YASGUI [CYTOSCAPE [CHARTJS]]]
# Copies the browser bundle (yasgui.min.js, yasgui.min.css) of @zazuko/yasgui into ./yasgui/,
# cytoscape.min.js (with its LICENSE) of cytoscape into ./cytoscape/ and chart.umd.min.js (with
# its LICENSE.md) of chart.js into ./chartjs/, records the versions and checksums, and checks each
# declared licence is still MIT.
# Needs npm (the registry only; no CDN is used at runtime).
set -eu
VERSION="${1:-4.6.2}"
CYTOSCAPE_VERSION="${2:-3.34.4}"
CHARTJS_VERSION="${3:-4.6.1}"
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

npm pack --silent "chart.js@$CHARTJS_VERSION" >/dev/null
rm -rf package && tar xzf chart.js-"$CHARTJS_VERSION".tgz
LICENSE="$(node -p "require('./package/package.json').license")"
if [ "$LICENSE" != "MIT" ]; then
  echo "refresh.sh: chart.js@$CHARTJS_VERSION declares licence $LICENSE, not MIT: check before vendoring" >&2
  exit 1
fi
DEST="$HERE/chartjs"
mkdir -p "$DEST"
cp package/dist/chart.umd.min.js package/LICENSE.md "$DEST/"
echo "$CHARTJS_VERSION" > "$DEST/VERSION"
(cd "$DEST" && sha256sum chart.umd.min.js > SHA256SUMS)
echo "vendored chart.js@$CHARTJS_VERSION into $DEST (update the version in README.md if it changed)"
