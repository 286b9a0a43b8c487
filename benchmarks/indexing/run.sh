#!/usr/bin/env bash
# Indexing success of every denoiser on held-out simulated Ni scans (see index_denoised.py):
#   benchmarks/indexing/run.sh [DOSE] [GAIN] [extra index_denoised.py options]
# GAIN is the stored units per count: 1 stores raw counts, as fast cameras do; 64 keeps fractions
# of a count in the input itself. Results go to results-doseDOSE-gainGAIN.json.
# Needs: pip install pyebsdindex orix; the EMsoft Ni master pattern in ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product kikuchi >/dev/null
dose=${1:-5}
gain=${2:-1}
shift 2 || shift $# || true
python3 benchmarks/indexing/index_denoised.py --dose "$dose" --gain "$gain" --grains 8 40 --pca 5 10 20 40 \
    --json "benchmarks/indexing/results-dose$dose-gain$gain.json" "$@" 2>&1 | grep -v -i -E "warn|tiles complete|Range of lambda|^[0-9. ]+$|Optimal"
