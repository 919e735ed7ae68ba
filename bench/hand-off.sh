#!/usr/bin/env bash
# Thread hand-off benchmark (issue 10): a proxy on the event loop alone against the gateway's virtual thread per request,
# with and without the wait for a writer thread, same upstream, same TLS. Installs Debian's wrk when missing.
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.seconds=10 -Dbench.rounds=5 -Dbench.warmup=30. See docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk from Debian" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
exec bench/run-main.sh io.bulwark.bench.HandOffBenchmark
