#!/usr/bin/env bash
# kikuchi index beside kikuchipy's dictionary indexing and refinement, the same scan, detector and
# dictionary (cubochoric, RESOLUTION degrees, orix's sample of the 432 zone):
#   benchmarks/dictionary/run.sh OUT_DIR [COLUMNSxROWS] [RESOLUTION] [THREADS]
# Times whole processes (kikuchi) against the calls (kikuchipy, after its imports), peak memory from
# /usr/bin/time; agreement of the two best matches. Needs: pip install kikuchipy; the EMsoft Ni
# master pattern in ../shared/data (or $KIKUCHI_SAMPLE_DATA).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?OUT_DIR}
map=${2:-40x25}
resolution=${3:-3}
threads=${4:-2}
data=${KIKUCHI_SAMPLE_DATA:-../shared/data}
master=$data/kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5
mkdir -p "$out"
swift build -c release --product kikuchi >/dev/null
kikuchi=.build/release/kikuchi
$kikuchi simulate -o "$out/scan.up2" --master "$master" --map "$map" --grains 30 --size 60x60 --pc 0.5,0.5,0.6 \
    --dose 100 --orientations-out "$out/truth.csv" --seed 5 --quiet --overwrite
common=("$out/scan.up2" --master "$master" --pc 0.5,0.5,0.6 --resolution "$resolution" --threads "$threads" --quiet --overwrite --json)
/usr/bin/time -f "%e s %M KB" -o "$out/kikuchi-match.time" $kikuchi index "${common[@]}" -o "$out/kikuchi.ang" > "$out/kikuchi-match.json"
/usr/bin/time -f "%e s %M KB" -o "$out/kikuchi-refine.time" $kikuchi index "${common[@]}" -o "$out/kikuchi-refined.ang" --refine > "$out/kikuchi-refine.json"
OMP_NUM_THREADS=$threads NUMBA_NUM_THREADS=$threads /usr/bin/time -f "%e s %M KB" -o "$out/kikuchipy.time" \
    python3 benchmarks/dictionary/bench_kikuchipy.py "$out/scan.up2" "$master" "$resolution" 100 "$out/kikuchipy.json"
python3 benchmarks/dictionary/summarise.py "$out"
