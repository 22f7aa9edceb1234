#!/usr/bin/env bash
# Fetches the Camunda web components the browser tests load: Camunda's web modeler distribution (camunda-bpmn-js:
# bpmn-js with the Camunda 8 properties panel and element templates, as in the desktop Modeler) for
# ModelerFidelityTest, and form-js (the form renderer of Tasklist) for FormsTest. Only their self-contained dist/
# bundles are loaded, so each package is fetched alone with `npm pack` and checked against its pinned digest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fetch() {
  local name="$1" version="$2" integrity="$3"
  local dest="$here/node_modules/$name"
  if [[ -f "$dest/package.json" ]] && grep -q "\"version\": \"$version\"" "$dest/package.json"; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "components: npm is not installed, so the browser tests will be skipped (install Node.js and npm to run them)." >&2
    return 0
  fi
  local work
  work="$(mktemp -d)"
  (cd "$work" && npm pack "$name@$version" --silent >/dev/null 2>&1) || {
    echo "components: could not fetch $name@$version from the npm registry; the browser tests will be skipped." >&2
    rm -rf "$work"
    return 0
  }
  local tgz
  tgz="$(ls "$work"/*.tgz)"
  local actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "components: $name-$version does not match the pinned digest; refusing to use it." >&2
    rm -rf "$work"
    exit 1
  fi
  rm -rf "$dest" && mkdir -p "$dest"
  tar xzf "$tgz" -C "$dest" --strip-components=1
  rm -rf "$work"
  echo "components: $name $version ready in $dest" >&2
}

fetch camunda-bpmn-js 5.35.0 sha512-hT7GB/2vKA4++7oo7E8ZjWgyhFNHnlwP7r61DzrtO4wwYYoeEkulcKNzQKgrVbFIO7/tnV3Wd8cWRPblYu138Q==
# form-js 1.15, the line Tasklist 8.8 renders forms with.
fetch @bpmn-io/form-js 1.15.3 sha512-Mbb20+kKI62cpfx4+sGO/aSktslEYGyPnEwPtlc8pTMqthbVKFv51UBg1BaqAX0VHB7uMIyPQh8maGOx4qaOEQ==
