#!/usr/bin/env bash
# Token-endpoint throughput (issue 3): client_credentials + private_key_jwt against the packaged
# product in its own process. Options via BENCH_JAVA_OPTS, e.g. -Dbench.seconds=20 -Dbench.concurrency=32.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.TokenEndpointBenchmark target/bulwark.jar
