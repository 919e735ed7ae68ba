#!/usr/bin/env bash
# Signature providers (issue 10, first lever): native ACCP against the pure-Java fallback, in one JMH run, with ratios.
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.jmh.warmup=5 -Dbench.jmh.iterations=10 -Dbench.jmh.forks=2. See docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.CryptoProviderBenchmark
