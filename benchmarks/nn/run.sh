#!/usr/bin/env bash
# Throughput of a network: kikuchi (release build, 1 worker and all cores) beside Keras, ONNX
# Runtime and OpenVINO on the same model file, in one run.
#   benchmarks/nn/run.sh [PATTERNS] [ROUNDS] [MODEL]   (from the package root; default 16 patterns,
#   3 rounds, the published autoencoder at 236 x 236; models/regions-network.h5 is the neighbour U-Net)
# Where the environment forces OpenBLAS' kernels (OPENBLAS_CORETYPE), kikuchi also runs on the
# kernels OpenBLAS itself picks for the CPU, as it would on a user's machine.
# Each round runs kikuchi and then the peers; on a machine shared with other work the load moves
# within seconds, so the summary gives each runtime's median over the rounds and the median of the
# per-round ratios of each kikuchi figure to ONNX Runtime batch 1, not one lucky round.
# Peers: pip install tensorflow-cpu keras onnxruntime tf2onnx openvino
set -euo pipefail
cd "$(dirname "$0")/../.."
patterns="${1:-16}"
rounds="${2:-3}"
model="${3:-Tests/Fixtures/keras/autoencoder_keras3.h5}"
swift build -c release --product kikuchi >/dev/null
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# bench THREADS [ENV ARGS]: one kikuchi figure, named by the kernels its run reports.
bench() {
    local threads=$1 out kernels
    shift
    out=$(env "$@" .build/release/kikuchi bench --model "$model" --patterns "$patterns" --threads "$threads" --preparation-patterns 0)
    kernels=$(sed -n 's/OpenBLAS kernels: //p' <<<"$out")
    grep "patterns/s" <<<"$out" | sed "s/ threads,/ threads ($kernels kernels),/" | tee -a "$log"
}
for round in $(seq "$rounds"); do
    echo "round $round ($(cut -d' ' -f1-3 /proc/loadavg) load)" | tee -a "$log"
    for threads in 1 "$(nproc)"; do
        bench "$threads"
        if [ -n "${OPENBLAS_CORETYPE:-}" ]; then bench "$threads" -u OPENBLAS_CORETYPE; fi
    done
    python3 benchmarks/nn/bench_peers.py "$model" --patterns "$patterns" 2>&1 | grep "patterns/s\|not installed" | tee -a "$log"
done
python3 - "$log" <<'PY'
import re, statistics, sys
rounds, current = [], None
for line in open(sys.argv[1]):
    if line.startswith("round "):
        current = {}
        rounds.append(current)
        continue
    rate = re.search(r"([0-9.]+) patterns/s", line)
    if not rate:
        continue
    threads = re.search(r"with (\d+) threads( \(([^)]*)\))?", line)
    name = (f"kikuchi, {threads.group(1)} worker(s), {threads.group(3)}" if threads
            else re.match(r"(.*?): [0-9.]+ patterns/s", line).group(1))
    current[name] = float(rate.group(1))
print("median over", len(rounds), "rounds:")
for name in rounds[0]:
    print(f"  {name}: {statistics.median(r[name] for r in rounds if name in r):.2f} patterns/s")
onnx = next((name for name in rounds[0] if name.startswith("ONNX") and "batch 1," in name), None)
for name in [name for name in rounds[0] if onnx and name.startswith("kikuchi")]:
    ratios = [r[name] / r[onnx] for r in rounds if name in r and onnx in r]
    print(f"  {name} / {onnx}: median {statistics.median(ratios):.2f}"
          f" (rounds: {', '.join(f'{x:.2f}' for x in ratios)})")
PY
