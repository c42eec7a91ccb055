#!/usr/bin/env bash
# The Event Stream local stack in one command: builds what is missing (quietly), then runs the platform's
# Kafka, a demo customer Kafka, a Connect worker with the plugin bundle on plugin.path, a demo HTTPS receiver
# and a demo producer. Ctrl-C stops it; the next start resumes. Options: ./eventstream-local.sh --help
#
# Environment: JAVA_HOME (the JDK to use), MVN (the Maven command, default mvn),
# EVENTSTREAM_LOCAL_BUILD=auto|never (never: run what is built, do not look at the sources).
set -euo pipefail

started_ms=$(date +%s%3N)
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"

fail() {
  echo "eventstream-local: $*" >&2
  exit 1
}

java_cmd="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
command -v "$java_cmd" >/dev/null 2>&1 || fail "no JDK found: install JDK 17 or newer and put java on the PATH (or set JAVA_HOME)"
java_major=$("$java_cmd" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}')
[[ "${java_major:-0}" -ge 17 ]] 2>/dev/null || fail "Java ${java_major:-?} found ($java_cmd); Event Stream needs JDK 17 or newer: install it or set JAVA_HOME"

stack_jars="eventstream-local/target"
needs_build() {
  local jar
  jar=$(ls "$stack_jars"/eventstream-local-*.jar 2>/dev/null | head -n 1)
  [[ -z "$jar" ]] && return 0
  compgen -G "distribution/target/eventstream-connect-*/eventstream-connect-*/lib" >/dev/null || return 0
  [[ -n "$(find pom.xml ./*/pom.xml ./*/src/main connector-configs/worker -newer "$jar" -print -quit 2>/dev/null)" ]]
}

if [[ "${EVENTSTREAM_LOCAL_BUILD:-auto}" != "never" ]] && needs_build; then
  mvn_cmd="${MVN:-mvn}"
  command -v "${mvn_cmd%% *}" >/dev/null 2>&1 || fail "Maven not found: install Maven 3.8 or newer (it builds the plugin bundle on first start)"
  mkdir -p "$stack_jars"
  build_log="$stack_jars/build.log"
  echo "eventstream-local: building the plugin bundle and the stack (mvn -q package -DskipTests, log in $build_log) ..."
  build_started=$(date +%s)
  if ! $mvn_cmd -q -B package -DskipTests -pl eventstream-local -am >"$build_log" 2>&1; then
    reason=$(grep -m 1 -E '\[ERROR\]' "$build_log" | cut -c 1-240 || true)
    [[ -n "$reason" ]] || reason=$(tail -n 1 "$build_log" | cut -c 1-240)
    fail "the build failed: ${reason:-Maven printed nothing} (whole log: $build_log)"
  fi
  echo "eventstream-local: built in $(( $(date +%s) - build_started )) s"
fi

exec "$java_cmd" -Xms256m -Xmx1g -XX:+UseParallelGC \
  -Deventstream.repo.dir="$repo" \
  -Deventstream.local.command.started="$started_ms" \
  -cp "$stack_jars/*:$stack_jars/lib/*" \
  dev.eventstream.connect.local.LocalStackMain "$@"
