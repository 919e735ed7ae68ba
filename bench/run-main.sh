#!/usr/bin/env bash
# Runs a benchmark main class from the test sources with the project's full classpath.
# Usage: bench/run-main.sh io.bulwark.bench.SomeBenchmark [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(major "$JAVA_HOME" || echo 0)" -lt 25 ] 2>/dev/null; then
  for jdk in /usr/lib/jvm/*; do v="$(major "$jdk" 2>/dev/null || true)"; if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then export JAVA_HOME="$jdk"; break; fi; done
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
./mvnw -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$@"
