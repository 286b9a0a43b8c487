#!/usr/bin/env bash
# Throughput of the published EBSD autoencoder at 236 x 236: kikuchi (release build, 1 worker and
# all cores) beside Keras and ONNX Runtime on the same model file, in one run.
#   benchmarks/nn/run.sh [PATTERNS]       (from the package root; default 16 patterns)
# Peers: pip install tensorflow-cpu keras onnxruntime tf2onnx
set -euo pipefail
cd "$(dirname "$0")/../.."
patterns="${1:-16}"
model="Tests/Fixtures/keras/autoencoder_keras3.h5"
swift build -c release --product kikuchi >/dev/null
for threads in 1 "$(nproc)"; do
    .build/release/kikuchi bench --model "$model" --patterns "$patterns" --threads "$threads" --preparation-patterns 0
done
python3 benchmarks/nn/bench_peers.py "$model" --patterns "$patterns" 2>&1 | grep "patterns/s\|not installed"
