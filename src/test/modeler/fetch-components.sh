#!/usr/bin/env bash
# Fetches Camunda's web modeler distribution (camunda-bpmn-js: bpmn-js with the Camunda 8 properties panel and
# element templates, as in the desktop Modeler) for ModelerFidelityTest. Only its self-contained dist/ bundle is
# loaded, so the one package is fetched alone with `npm pack` and checked against the pinned digest.
set -euo pipefail
version=5.35.0
integrity=sha512-hT7GB/2vKA4++7oo7E8ZjWgyhFNHnlwP7r61DzrtO4wwYYoeEkulcKNzQKgrVbFIO7/tnV3Wd8cWRPblYu138Q==
dest="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node_modules/camunda-bpmn-js"

if [[ -f "$dest/package.json" ]] && grep -q "\"version\": \"$version\"" "$dest/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "modeler: npm is not installed, so the Modeler fidelity test will be skipped (install Node.js and npm to run it)." >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "camunda-bpmn-js@$version" --silent >/dev/null 2>&1) || {
  echo "modeler: could not fetch camunda-bpmn-js@$version from the npm registry; the Modeler fidelity test will be skipped." >&2
  exit 0
}
actual="sha512-$(openssl dgst -sha512 -binary "$work/camunda-bpmn-js-$version.tgz" | base64 -w0)"
if [[ "$actual" != "$integrity" ]]; then
  echo "modeler: camunda-bpmn-js-$version.tgz does not match the pinned digest; refusing to use it." >&2
  exit 1
fi
rm -rf "$dest" && mkdir -p "$dest"
tar xzf "$work/camunda-bpmn-js-$version.tgz" -C "$dest" --strip-components=1
echo "modeler: camunda-bpmn-js $version ready in $dest" >&2
