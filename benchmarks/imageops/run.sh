#!/bin/sh
# Resize 240->236 + CLAHE(3, 8x8) per pattern: KikuchiImage (release build, one thread) and OpenCV,
# in the same run. Usage: benchmarks/imageops/run.sh [patterns]   (default 2000)
set -e
cd "$(dirname "$0")/../.."
patterns="${1:-2000}"
swift build -c release -Xswiftc -enable-testing --build-tests >/dev/null
for round in 1 2 3; do
    KIKUCHI_BENCH_PATTERNS="$patterns" swift test -c release -Xswiftc -enable-testing --skip-build \
        --filter ImageOpsBenchmarkTests 2>&1 | grep "ImageOpsBenchmark:"
    python3 benchmarks/imageops/bench_opencv.py "$patterns"
done
