#!/usr/bin/env bash
# Data-growth benchmark (issue 10): per-request server CPU of the full FAPI policy over a store at the demo's sizes
# and over one grown to 10,000 operations, 100,000 clients, 1,000,000 revoked tokens and 10,000,000 audit records,
# on H2 and PostgreSQL (127.0.0.1:5432). Installs Debian's wrk when missing. See docs/PERFORMANCE.md.
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.stores=h2 -Dbench.seconds=10 -Dbench.rounds=5 -Dbench.dropSeeded=true.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk from Debian" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
exec bench/run-main.sh io.bulwark.bench.DataGrowthBenchmark
