#!/usr/bin/env bash
# The realism benchmark (benchmarks/real/README.md): every method on the real patterns of
# ../shared/data, release build.
#   benchmarks/real/run.sh [--quick]      (from anywhere; results in out/real/)
# Needs: pip install numpy h5py opencv-python-headless
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product kikuchi >/dev/null
python3 benchmarks/real/realism.py --kikuchi .build/release/kikuchi --out out/real "$@"
