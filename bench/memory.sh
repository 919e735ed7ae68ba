#!/usr/bin/env bash
# Memory harness (issue 10): the gateway of scenario (c) under a long wrk load; resident set, live heap after a
# full GC each minute and after the load, the final histogram's largest classes. See docs/PERFORMANCE.md.
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.minutes=2 -Dbench.segmentSeconds=20 -Dbench.connections=32.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk from Debian" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
exec bench/run-main.sh io.bulwark.bench.MemoryBenchmark
