#!/usr/bin/env bash
# Trains the bundled model (models/ebsd-autoencoder.h5) from nothing, with kikuchi alone:
# simulated noisy / clean pairs, then `kikuchi train` on them. One command:
#
#     training/train-bundled-model.sh [WORK_DIR] [PAIRS] [EPOCHS]
#
# WORK_DIR (default training/work) keeps the pairs, the checkpoint and the history; running the
# script again resumes an interrupted training. The EMsoft Ni master pattern is kikuchipy's test
# file, looked for in ../shared/data or $KIKUCHI_SAMPLE_DATA.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-training/work}
pairs=${2:-6000}
epochs=${3:-6}
source training/common.sh
mkdir -p "$work"

# Half the pairs from the EMsoft Ni master, half from the six kinematical phases; every pair
# with its own orientation, detector size, pattern centre, dose (1-100 counts/pixel), background
# and blur; all scaled to [0, 1] and resized to 236 x 236 as `kikuchi denoise` does.
if [ ! -f "$work/clean.h5" ]; then
    "$kikuchi" simulate --training-set "$pairs" --master "$master" --master-fraction 0.5 \
        --phases ni,al,cu,fe,si,ti --dose-range 1:100 --size 236x236 --seed 2026 \
        -o "$work/noisy.h5" --clean "$work/clean.h5" --parameters-out "$work/conditions.csv" --overwrite
fi

# Random 96 x 96 crops (the network is fully convolutional), Adam 1e-3 decaying by 0.8 per epoch,
# the last 5 % of the pairs for validation (centre crops).
resume=()
[ -f "$work/ebsd-autoencoder.checkpoint" ] && resume=(--resume)
"$kikuchi" train --noisy "$work/noisy.h5" --clean "$work/clean.h5" --architecture ebsd-autoencoder \
    -o "$work/ebsd-autoencoder.h5" --epochs "$epochs" --batch-size 16 --crop 96 --validation 0.05 \
    --decay exponential:0.8 --seed 1 --threads 2 "${resume[@]}"
publish "$work" ebsd-autoencoder
