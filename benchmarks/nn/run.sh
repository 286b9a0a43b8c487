#!/usr/bin/env bash
# Throughput of the published EBSD autoencoder at 236 x 236: kikuchi's KikuchiNN (release build,
# 1 worker and all cores) beside Keras and ONNX Runtime on the same model, in one run.
#   benchmarks/nn/run.sh [PATTERNS]       (from the package root; default 16 patterns)
set -euo pipefail
patterns="${1:-16}"
model="Tests/Fixtures/keras/autoencoder_keras3.h5"
swift build -c release --build-tests >/dev/null
KIKUCHI_NN_BENCH="$patterns" swift test -c release --skip-build \
    --filter KikuchiNNTests.BenchmarkTests/testPublishedAutoencoderThroughput 2>&1 | grep "kikuchi KikuchiNN"
python3 benchmarks/nn/bench_peers.py "$model" --patterns "$patterns" 2>&1 | grep "patterns/s\|not installed"
