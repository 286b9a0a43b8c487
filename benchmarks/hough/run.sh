#!/usr/bin/env bash
# Indexing at low dose: kikuchi's dictionary indexing and PyEBSDIndex's Hough indexing, each on the
# raw patterns and on region averaging's output, against the truth:
#   benchmarks/hough/run.sh OUT_DIR [DOSE] [COLUMNSxROWS] [THREADS] [RESOLUTION]
# Two simulators: kikuchi simulate (EDAX pattern centre (0.5, 0.5, 0.6), its detector model) and
# kikuchipy's projection (simulate_kikuchipy.py: Bruker (0.46, 0.53, 0.62), elevation 2 degrees),
# both of the EMsoft Ni master in ../shared/data; kikuchi index at RESOLUTION degrees (its default,
# 2), refined. Needs: pip install kikuchipy pyebsdindex.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?OUT_DIR}
dose=${2:-5}
map=${3:-40x25}
threads=${4:-2}
resolution=${5:-2}
data=${KIKUCHI_SAMPLE_DATA:-../shared/data}
master=$data/kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5
swift build -c release --product kikuchi >/dev/null
kikuchi=.build/release/kikuchi

# case NAME SCAN PC CONVENTION ELEVATION EDAX_PC
run_case() {
    local dir=$out/$1 scan=$2 pc=$3 convention=$4 elevation=$5 edax=$6
    $kikuchi denoise "$scan" -o "$dir/regions.h5" --method regions --threads "$threads" --quiet --overwrite
    for name in raw regions; do
        local input=$scan
        [ "$name" = regions ] && input=$dir/regions.h5
        $kikuchi index "$input" -o "$dir/kikuchi-$name-refined.ang" --master "$master" --pc "$pc" --pc-convention "$convention" \
            --elevation "$elevation" --resolution "$resolution" --refine --threads "$threads" --quiet --overwrite
    done
    OMP_NUM_THREADS=$threads NUMBA_NUM_THREADS=$threads python3 benchmarks/hough/evaluate.py "$dir" "$scan" "$edax" "$elevation" \
        | sed "s/^/$1  /"
}

mkdir -p "$out/kikuchi-sim" "$out/kikuchipy-sim"
$kikuchi simulate -o "$out/kikuchi-sim/scan.up2" --master "$master" --map "$map" --grains 30 --size 60x60 --pc 0.5,0.5,0.6 \
    --dose "$dose" --gain 16 --orientations-out "$out/kikuchi-sim/truth.csv" --seed 11 --quiet --overwrite
run_case kikuchi-sim "$out/kikuchi-sim/scan.up2" 0.5,0.5,0.6 edax 0 0.5,0.5,0.6
python3 benchmarks/hough/simulate_kikuchipy.py "$out/kikuchipy-sim" "$master" "$dose" "$map"
run_case kikuchipy-sim "$out/kikuchipy-sim/scan.h5" 0.46,0.53,0.62 bruker 2 0.46,0.47,0.62
