#!/usr/bin/env bash
# Timing side channels of client authentication and password checks, printed as ratios against a baseline measured
# in the same run (near 1.00 means the refusal does not show whether the client or user exists).
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.tries=1000 -Dbench.passwordTries=30.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.AuthenticationTimingBenchmark
