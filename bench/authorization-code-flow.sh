#!/usr/bin/env bash
# The FAPI 2.0 authorization-code flow end to end (issue 10): PAR, authorize, sign-in, consent, token, against the
# packaged product running `demo` in its own process; flows/s, latency per flow and step, server CPU per flow and step.
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.seconds=20 -Dbench.rounds=3 -Dbench.concurrencies=1,8 -Dbench.gatewayCall=true.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.AuthorizationCodeFlowBenchmark target/bulwark.jar
