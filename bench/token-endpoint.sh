#!/usr/bin/env bash
# Token endpoint (issue 10): Bulwark's client_credentials against panva's certified oidc-provider (bench/oidc-provider,
# installed with `npm ci` when missing; needs Node 20+), private_key_jwt + DPoP and tls_client_auth + mTLS-bound, in one
# run, then paced rounds of Bulwark at half load. Options via BENCH_JAVA_OPTS, e.g. -Dbench.seconds=3 -Dbench.rounds=1
# -Dbench.warmup=5 for a quick look, -Dbench.concurrency=32, -Dbench.node=/path/to/node.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.TokenEndpointBenchmark target/bulwark.jar
