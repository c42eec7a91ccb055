#!/usr/bin/env bash
# Starts a Connect worker in the apache/kafka image (docker-compose.yml) from the worker settings every
# deployment shares (connect-distributed.properties, beside this file), plus the keys each deployment sets
# itself, from the environment: bootstrap.servers, listeners, rest.advertised.host.name, plugin.path and
# rest.extension.classes (the REST extensions the bundle registers in META-INF/services, as the local stack
# finds them) with the REST API's eventstream.config.dir (the mounted connector-configs). The local stack (./eventstream-local.sh) adds the same keys in WorkerSettings.
set -euo pipefail

shared=/etc/eventstream/connector-configs/worker/connect-distributed.properties
props=/tmp/connect-distributed.properties
cp "$shared" "$props"

service=META-INF/services/org.apache.kafka.connect.rest.ConnectRestExtension
extensions=""
if command -v unzip >/dev/null 2>&1; then
  extensions=$(for jar in "$CONNECT_PLUGIN_PATH"/*/lib/*.jar; do unzip -p "$jar" "$service" 2>/dev/null || true; done \
    | sed 's/#.*//' | tr -s ' \t\r' '\n' | grep -v '^$' | sort -u | paste -sd, - || true)
else
  echo "start-worker: unzip not found, REST extensions of the bundle not looked for" >&2
fi

{
  echo "bootstrap.servers=${CONNECT_BOOTSTRAP_SERVERS}"
  echo "listeners=http://0.0.0.0:8083"
  echo "rest.advertised.host.name=${CONNECT_REST_ADVERTISED_HOST_NAME}"
  echo "plugin.path=${CONNECT_PLUGIN_PATH}"
  if [[ -n "$extensions" ]]; then
    echo "rest.extension.classes=${extensions}"
    echo "eventstream.config.dir=/etc/eventstream/connector-configs"
  fi
} >>"$props"

exec /opt/kafka/bin/connect-distributed.sh "$props"
