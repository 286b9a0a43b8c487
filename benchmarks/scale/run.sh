#!/bin/sh
# Time and memory against the number of patterns and the map's width (benchmarks/scale/README.md).
# Usage: benchmarks/scale/run.sh [OUT] [scale.py options]   (default OUT /tmp/kikuchi-scale-bench)
set -e
cd "$(dirname "$0")/../.."
out="${1:-/tmp/kikuchi-scale-bench}"
[ $# -gt 0 ] && shift
swift build -c release --product kikuchi >/dev/null
python3 benchmarks/scale/scale.py "$out" "$@"
