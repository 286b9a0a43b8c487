#!/usr/bin/env bash
# Trains a bundled neighbour network with kikuchi alone: models/nlpar-network.h5 for `kikuchi
# denoise --method nlpar-network` (AVERAGING nlpar), models/regions-network.h5 for
# `--method regions-network` (AVERAGING regions):
#
#     training/train-neighbour-model.sh [WORK_DIR] [MAPS] [EPOCHS] [AVERAGING]
#     # defaults: training/work-neighbour 24 3 nlpar
#
# MAPS simulated 20 x 16 grain maps (EMsoft Ni at 120 x 120, pattern centre 0.5, 0.5, 0.5, band
# contrast 0.25, 64 stored units per count; 4-80 grains and 2-30 counts per pixel, log-uniform;
# seeds 20000 on, not the benchmark's 9001-9002), then `kikuchi train --neighbours` with the
# built-in neighbour-unet. The EMsoft master is kikuchipy's test file in ../shared/data or
# $KIKUCHI_SAMPLE_DATA. Running it again resumes an interrupted training.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-training/work-neighbour}
maps=${2:-24}
epochs=${3:-3}
averaging=${4:-nlpar}
name=$averaging-network
source training/common.sh
mkdir -p "$work/maps"

arguments=()
for ((m = 0; m < maps; m++)); do
    noisy=$work/maps/map$m.up2 clean=$work/maps/map${m}_clean.up2
    # Grains and dose of map m, log-uniform, from a fixed formula (no shell randomness).
    read -r grains dose < <(awk -v m="$m" 'BEGIN { u = (m * 0.6180339887) % 1; v = (m * 0.7548776662 + 0.5) % 1;
        printf "%d %.3f\n", exp(log(4) + u * (log(80) - log(4))), exp(log(2) + v * (log(30) - log(2))) }')
    if [ ! -f "$clean" ]; then
        "$kikuchi" simulate --master "$master" --map 20x16 --grains "$grains" --size 120x120 --pc 0.5,0.5,0.5 \
            --dose "$dose" --contrast 0.25 --gain 64 --seed $((20000 + m)) -o "$noisy" --clean "$clean" --overwrite --quiet
    fi
    arguments+=(--noisy "$noisy" --clean "$clean")
done

resume=()
[ -f "$work/$name.checkpoint" ] && resume=(--resume)
"$kikuchi" train --neighbours --averaging "$averaging" "${arguments[@]}" --architecture neighbour-unet -o "$work/$name.h5" \
    --epochs "$epochs" --batch-size 16 --validation 0.0417 --seed 1 --threads 2 "${resume[@]}"
publish "$work" "$name"
