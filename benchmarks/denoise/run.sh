#!/usr/bin/env bash
# kikuchi denoise end to end, release build, in one run:
#  1. throughput UP2 -> UP2 with the published architecture (236 x 236) on 240 x 240 patterns,
#     beside the bare network (kikuchi bench) and ONNX Runtime / Keras on the same model file;
#  2. peak memory for 2,000 and for 20,000 patterns (120 x 120, the small fixture model, so that the
#     run is short: the network's memory is per worker and does not change with the count).
#   benchmarks/denoise/run.sh [PATTERNS]        (from the package root; default 48)
# Peers: pip install tensorflow-cpu keras onnxruntime tf2onnx
set -euo pipefail
cd "$(dirname "$0")/../.."
patterns="${1:-48}"
model="Tests/Fixtures/keras/autoencoder_keras3.h5"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product kikuchi >/dev/null
kikuchi=.build/release/kikuchi

python3 benchmarks/streaming/make_large_up2.py "$work/scan.up2" "$patterns" 240 >/dev/null
start=$(date +%s.%N)
"$kikuchi" denoise "$work/scan.up2" -o "$work/out.up2" --method autoencoder --model "$model" --quiet
end=$(date +%s.%N)
echo "denoise UP2 -> UP2: $patterns patterns in $(echo "$end - $start" | bc) s, $(echo "scale=2; $patterns / ($end - $start)" | bc) patterns/s"
"$kikuchi" bench --model "$model" --patterns "$patterns" --preparation-patterns 0
python3 benchmarks/nn/bench_peers.py "$model" --patterns 16 2>&1 | grep "patterns/s\|not installed"

for count in 2000 20000; do
    python3 benchmarks/streaming/make_large_up2.py "$work/mem.up2" "$count" 120 >/dev/null
    /usr/bin/time -f "peak memory, $count patterns of 120 x 120: %M KB, %e s" \
        "$kikuchi" denoise "$work/mem.up2" -o "$work/mem_out.up2" --method autoencoder --model Tests/Fixtures/denoise/small_ae.h5 --quiet --overwrite
done
