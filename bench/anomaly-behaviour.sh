#!/usr/bin/env bash
# The behaviour detector on labelled synthetic traffic: detection and time to alert per attack pattern, false alarms per
# identity-day, scoring cost per event against counting alone, memory per identity (docs/ANOMALY.md).
# Options via BENCH_JAVA_OPTS, e.g. -Dseed=7 -Ddays=8 -Dclients=8 -Dusers=20 -Dwarmup.windows=60.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.AnomalyBehaviourBenchmark
