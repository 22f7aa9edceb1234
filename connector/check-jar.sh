#!/usr/bin/env bash
# Checks the deployable jar: the product's classes (client, request, model, connector, worker; never the local
# runtime, the simulator or the benchmarks) plus only what the connectors runtime does not provide (OkHttp, Okio and
# the Kotlin stdlib, relocated under dev/seedflow/shaded), and the auto-configurations that register the connector
# and the worker. ./seedance package builds the jar and runs this.
set -euo pipefail
jar=$(ls "$(dirname "$0")"/../target/seedflow-*-connector.jar)
entries=$(unzip -Z1 "$jar")
fail() { echo "check-jar: $*" >&2; exit 1; }

unexpected=$(grep -vE '^(dev/$|dev/seedflow/|META-INF/|seedance-icon\.svg$)' <<<"$entries" || true)
[[ -z "$unexpected" ]] || fail "entries that are neither ours nor relocated: $(head -5 <<<"$unexpected" | tr '\n' ' ')"
grep -qE '^(io/camunda|com/fasterxml|org/springframework|okhttp3|okio|kotlin)/' <<<"$entries" && fail "a library the runtime provides, or an unrelocated one, is inside"
tools=$(grep -E '^dev/seedflow/seedance/(local|simulator|bench)/' <<<"$entries" || true)
[[ -z "$tools" ]] || fail "development tools are inside: $(head -3 <<<"$tools" | tr '\n' ' ')"
for needed in dev/seedflow/shaded/okhttp3/OkHttpClient.class dev/seedflow/shaded/okio/Buffer.class \
    dev/seedflow/seedance/connector/SeedanceConnector.class dev/seedflow/seedance/worker/SeedanceWorker.class \
    META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports; do
  grep -qx "$needed" <<<"$entries" || fail "missing $needed"
done
# A service file too would register the connector twice, which the runtime refuses at start.
grep -q '^META-INF/services/io.camunda.connector' <<<"$entries" && fail "a connector service file is inside; the auto-configuration registers the connector"
for configuration in dev.seedflow.seedance.connector.SeedanceConnectorAutoConfiguration dev.seedflow.seedance.worker.SeedanceWorkerAutoConfiguration; do
  unzip -p "$jar" META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports | grep -qx "$configuration" \
    || fail "the auto-configuration list does not name $configuration"
done
echo "check-jar: $(wc -l <<<"$entries") entries ($(grep -c '^dev/seedflow/seedance/.*\.class$' <<<"$entries") product classes), ours and relocated only, no development tools; the connector's and the worker's auto-configurations present"
