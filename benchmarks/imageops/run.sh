#!/bin/sh
# Resize 240->236 + CLAHE(3, 8x8) per pattern: kikuchi (release build, one thread) and OpenCV
# (cv2, one thread and its default threads), three rounds in turn in the same run.
# Usage: benchmarks/imageops/run.sh [patterns]   (default 2000)
set -e
cd "$(dirname "$0")/../.."
patterns="${1:-2000}"
swift build -c release --product kikuchi >/dev/null
for round in 1 2 3; do
    echo "kikuchi: $(.build/release/kikuchi bench --patterns "$patterns")"
    python3 benchmarks/imageops/bench_opencv.py "$patterns"
done
