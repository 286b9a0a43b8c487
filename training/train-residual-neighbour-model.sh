#!/usr/bin/env bash
# Trains a residual neighbour network with kikuchi alone: the averaging's pattern plus a learned
# correction (`--architecture neighbour-unet-residual`), started from the bundled plain network so
# that its first output is the averaging's exactly:
#
#     training/train-residual-neighbour-model.sh [WORK_DIR] [MAPS] [EPOCHS] [AVERAGING] [CLEAN_MAPS]
#     # defaults: training/work-residual 24 2 regions 4
#
# The MAPS maps are those of training/train-neighbour-model.sh (EMsoft Ni at 120 x 120, pattern
# centre 0.5, 0.5, 0.5, band contrast 0.25, 64 stored units per count, 4-80 grains, 2-30 counts
# per pixel; the same seeds, 20000 on), so that the residual form is the one change. CLEAN_MAPS
# more maps at 1000 counts per pixel (seeds 21000 on) teach it to leave a clean pattern alone.
# Then `kikuchi train --neighbours --init models/AVERAGING-network.h5 --architecture
# neighbour-unet-residual` at a learning rate of 2e-4. The model stays in WORK_DIR (it is not
# shipped: it did worse on benchmarks/real than the bundled one, see models/MODEL_CARD.md); judge it with
#     python3 benchmarks/real/realism.py --methods regions,regions-network --model regions-network=WORK_DIR/regions-network.h5
# Running it again resumes an interrupted training.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-training/work-residual}
maps=${2:-24}
epochs=${3:-2}
averaging=${4:-regions}
clean_maps=${5:-4}
name=$averaging-network
source training/common.sh
mkdir -p "$work/maps"

arguments=()
simulate_map() { # NAME GRAINS DOSE SEED
    local noisy=$work/maps/$1.up2 clean=$work/maps/$1_clean.up2
    if [ ! -f "$clean" ]; then
        "$kikuchi" simulate --master "$master" --map 20x16 --grains "$2" --size 120x120 --pc 0.5,0.5,0.5 \
            --dose "$3" --contrast 0.25 --gain 64 --seed "$4" -o "$noisy" --clean "$clean" --overwrite --quiet
    fi
    arguments+=(--noisy "$noisy" --clean "$clean")
}
# The clean maps first, so that the validation part (the last map) is a noisy one.
for ((k = 0; k < maps + clean_maps; k++)); do
    m=$(((k + maps) % (maps + clean_maps)))
    # Grains and dose of map m, log-uniform, from train-neighbour-model.sh's formula.
    read -r grains dose < <(awk -v m="$m" 'BEGIN { u = (m * 0.6180339887) % 1; v = (m * 0.7548776662 + 0.5) % 1;
        printf "%d %.3f\n", exp(log(4) + u * (log(80) - log(4))), exp(log(2) + v * (log(30) - log(2))) }')
    if ((m < maps)); then simulate_map "map$m" "$grains" "$dose" $((20000 + m)); else simulate_map "clean$m" "$grains" 1000 $((21000 + m)); fi
done

resume=()
[ -f "$work/$name.checkpoint" ] && resume=(--resume)
"$kikuchi" train --neighbours --averaging "$averaging" "${arguments[@]}" -o "$work/$name.h5" \
    --init "models/$name.h5" --architecture neighbour-unet-residual --learning-rate 0.0002 \
    --epochs "$epochs" --batch-size 16 --validation "$(awk -v n=$((maps + clean_maps)) 'BEGIN { printf "%.4f", 1 / n }')" --seed 1 --threads 2 "${resume[@]}"
echo "$work/$name.h5 written"
