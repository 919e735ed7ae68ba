#!/usr/bin/env bash
# Builds Bulwark, then runs bench/RateLimitStepBenchmark.java (JDK 25 source launcher) on its classpath.
# Options: -Dwarmup=SECONDS -Dmeasure=SECONDS -Dredis=redis://host:port, passed before the file name.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench-classpath.txt)" "$@" bench/RateLimitStepBenchmark.java
