#!/usr/bin/env bash
# The request-content detector (docs/ANOMALY.md, "Content detector"), measured:
#  1. a synthetic labelled set (bench SyntheticTraffic: three APIs, attacks injected into one field), trained and scored
#     through `bulwark anomaly learn|score` exactly as a user runs them: ROC AUC, recall and precision at 0.1/1/5 % FPR;
#  2. CSIC 2010: with CSIC=DIR holding the data set's normalTrafficTraining.txt, normalTrafficTest.txt and
#     anomalousTrafficTest.txt (see bench/anomaly/README.md), train on normalTrafficTraining and score the other two;
#     without it, the small sample transcribed in bench/anomaly/csic2010-sample (two thirds of its normal requests to
#     train, the rest and every attack to score);
#  3. in process (ContentDetectorBenchmark): scoring cost per request against a baseline measured in the same run
#     (parsing the same JSON line), learn throughput, and each feature switched off in turn (ABLATION=false to skip).
set -euo pipefail
cd "$(dirname "$0")/.."
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(major "$JAVA_HOME" || echo 0)" -lt 25 ] 2>/dev/null; then
  for jdk in /usr/lib/jvm/*; do v="$(major "$jdk" 2>/dev/null || true)"; if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then export JAVA_HOME="$jdk"; break; fi; done
fi
./mvnw -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
JAVA="$JAVA_HOME/bin/java ${BENCH_JAVA_OPTS:-} -cp $CP"
OUT=target/anomaly-bench
mkdir -p "$OUT"
THREADS="${THREADS:-2}"

cli_run() { # name train test
  echo "== $1: bulwark anomaly learn / score (threads $THREADS)"
  $JAVA io.bulwark.cli.BulwarkCli anomaly learn --traffic "$2" --model "$OUT/$1-model" --threads "$THREADS"
  $JAVA io.bulwark.cli.BulwarkCli anomaly score --traffic "$3" --model "$OUT/$1-model" --out "$OUT/$1-scores.jsonl" --threads "$THREADS"
}

$JAVA io.bulwark.bench.SyntheticTraffic "$OUT/synthetic" "${SYNTH_TRAIN:-20000}" "${SYNTH_NORMAL:-5000}" "${SYNTH_ATTACKS:-2500}"
cli_run synthetic "$OUT/synthetic/train.jsonl" "$OUT/synthetic/test.jsonl"

CONVERT="python3 bench/anomaly/csic2010_to_jsonl.py"
if [ -n "${CSIC:-}" ]; then
  $CONVERT normal n-train < "$CSIC/normalTrafficTraining.txt" > "$OUT/csic-train.jsonl"
  { $CONVERT normal n-test < "$CSIC/normalTrafficTest.txt"; $CONVERT attack a-test < "$CSIC/anomalousTrafficTest.txt"; } > "$OUT/csic-test.jsonl"
  NAME=csic2010
else
  $CONVERT normal n < bench/anomaly/csic2010-sample/normal.txt > "$OUT/csic-normal.jsonl"
  awk 'NR % 3 != 0' "$OUT/csic-normal.jsonl" > "$OUT/csic-train.jsonl"
  { awk 'NR % 3 == 0' "$OUT/csic-normal.jsonl"; $CONVERT attack a < bench/anomaly/csic2010-sample/anomalous.txt; } > "$OUT/csic-test.jsonl"
  NAME=csic2010-sample
fi
cli_run "$NAME" "$OUT/csic-train.jsonl" "$OUT/csic-test.jsonl"

echo "== in process: cost and ablation (synthetic)"
$JAVA -Dbench.ablation="${ABLATION:-true}" io.bulwark.bench.ContentDetectorBenchmark "$OUT/synthetic/train.jsonl" "$OUT/synthetic/test.jsonl"
echo "== in process: ablation ($NAME)"
$JAVA -Dbench.ablation="${ABLATION:-true}" io.bulwark.bench.ContentDetectorBenchmark "$OUT/csic-train.jsonl" "$OUT/csic-test.jsonl"
