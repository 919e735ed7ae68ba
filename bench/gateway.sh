#!/usr/bin/env bash
# Gateway benchmark (issue 5): direct upstream vs nginx vs the Bulwark gateway, each in its own
# process, loaded by wrk. Installs Debian's wrk and nginx when missing. See docs/PERFORMANCE.md.
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.seconds=15 -Dbench.rounds=5 -Dbench.connections=32.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  echo "bench: installing wrk and nginx-light from Debian" >&2
  apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi
exec bench/run-main.sh io.bulwark.bench.GatewayBenchmark
