#!/usr/bin/env bash
# Anomaly detection benchmark (issue 12): a demo node in-process, driven for real over HTTPS by 20 partner clients acting
# for the demo users with nine kinds of labelled attacks (docs/ANOMALY.md), its `anomaly_detected` events read from
# the management listener's stream, and per attack kind: detected or not, time from the first attack request to the
# alert, and false alarms per client-day. Output in target/anomaly-traffic/ (report.txt, and the traffic as sent).
# Options via BENCH_JAVA_OPTS, e.g. -Dbench.days=1 -Dbench.speed=2880 for a quick look; -Dbench.rate, -Dbench.clients,
# -Dbench.seed, -Dbench.grace (seconds), -Dbench.drain (seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-main.sh io.bulwark.bench.AnomalyTrafficBenchmark
