#!/usr/bin/env bash
# Training throughput of the EBSD autoencoder, kikuchi train (release build) beside Keras fit on
# TensorFlow CPU in the same run: whole 236 x 236 patterns and 64 x 64 random crops.
#   benchmarks/training/run.sh [PATTERNS] [CROP_PATTERNS] [BATCH] [ROUNDS]   (from the package root)
# Peer: pip install tensorflow-cpu keras
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product kikuchi >/dev/null
python3 benchmarks/training/bench_training.py .build/release/kikuchi --patterns "${1:-16}" \
    --crop-patterns "${2:-64}" --batch-size "${3:-8}" --rounds "${4:-5}" 2>&1 | grep "patterns/s\|keras ="
