#!/usr/bin/env bash
# Indexing success of every denoiser on held-out simulated Ni scans (see index_denoised.py):
#   benchmarks/indexing/run.sh [DOSE] [extra index_denoised.py options]
# Needs: pip install pyebsdindex orix; the EMsoft Ni master pattern in ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product kikuchi >/dev/null
dose=${1:-5}
shift || true
python3 benchmarks/indexing/index_denoised.py --dose "$dose" --grains 8 40 --pca 5 10 20 40 \
    --json "benchmarks/indexing/results-dose$dose.json" "$@" 2>&1 | grep -v -i -E "warn|tiles complete|Range of lambda|^[0-9. ]+$|Optimal"
