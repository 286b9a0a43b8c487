#!/bin/sh
# Classic denoisers against their peers, side by side in one run, release build:
#   NLPAR (lambda 0.7, radius 3, and automatic lambda) vs PyEBSDIndex's CPU NLPAR (numba) on a
#   200 x 200 map of 60 x 60 uint8 patterns;
#   region averaging (kikuchi's own method, no peer library: timed beside NLPAR) on the same map;
#   PCA (100 components, reconstruction) vs scikit-learn's randomized PCA on 20,000 patterns of 120 x 120.
# Each line gives the wall time from reading the scan to its denoised copy on disk, and the peak RSS
# of the whole process (/usr/bin/time -v). THREADS (default 1) sets OpenBLAS, numba and OpenMP threads
# alike, and `kikuchi denoise --threads`.
# Usage: benchmarks/classic/run.sh [DIR]   (scans are written to DIR once, default /tmp/kikuchi-classic-bench)
set -e
cd "$(dirname "$0")/../.."
dir="${1:-/tmp/kikuchi-classic-bench}"
threads="${THREADS:-1}"
export OPENBLAS_NUM_THREADS="$threads" NUMBA_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"
swift build -c release --product kikuchi >/dev/null
kikuchi=.build/release/kikuchi
[ -f "$dir/pca_scan.npy" ] || python3 benchmarks/classic/make_scans.py "$dir"
# The same patterns with their map geometry, for kikuchi (make_scans.py's nlpar_map.up1 is a
# version-1 UP1 for PyEBSDIndex, whose header has no map size: kikuchi would read one row).
[ -f "$dir/nlpar_map_kikuchi.up2" ] || "$kikuchi" convert "$dir/nlpar_map.npy" "$dir/nlpar_map_kikuchi.up2" --columns 200 --rows 200 --quiet
[ -f "$dir/pca_scan.up1" ] || "$kikuchi" convert "$dir/pca_scan.npy" "$dir/pca_scan.up1" --columns 200 --rows 100 --quiet
peers=benchmarks/classic/bench_peers.py
measured() {
    /usr/bin/time -v "$@" 2> "$dir/time.log" | sed 's/^/  /'
    awk '/Elapsed \(wall clock\)/ { printf "    wall %s", $8 } /Maximum resident/ { printf ", peak RSS %.0f MiB\n", $6 / 1024 }' "$dir/time.log"
}

echo "== NLPAR, 200 x 200 map of 60 x 60 uint8, lambda 0.7, radius 3 ($threads thread(s))"
measured "$kikuchi" denoise "$dir/nlpar_map_kikuchi.up2" -o "$dir/kikuchi_nlpar.npy" --method nlpar --threads "$threads" --overwrite --quiet
measured python3 "$peers" nlpar "$dir" 0.7 3
python3 benchmarks/classic/compare.py "$dir/kikuchi_nlpar.npy" "$dir/pyebsdindex_nlpar.up1" | sed 's/^/  /'

echo "== NLPAR with automatic lambda (opt_lambda), radius 3"
measured "$kikuchi" denoise "$dir/nlpar_map_kikuchi.up2" -o "$dir/kikuchi_nlpar_auto.npy" --method nlpar --lambda auto --threads "$threads" --overwrite --quiet
measured python3 "$peers" nlpar-auto "$dir"

echo "== Region averaging (kikuchi's own; PyEBSDIndex's NLPAR above is the peer), radius 3"
measured "$kikuchi" denoise "$dir/nlpar_map_kikuchi.up2" -o "$dir/kikuchi_regions.npy" --method regions --threads "$threads" --overwrite --quiet

echo "== PCA, 100 components, 20,000 patterns of 120 x 120 uint8 ($threads thread(s))"
measured "$kikuchi" denoise "$dir/pca_scan.up1" -o "$dir/kikuchi_pca.npy" --method pca --components 100 --threads "$threads" --overwrite --quiet
measured python3 "$peers" pca "$dir" 100 auto
measured python3 "$peers" pca "$dir" 100 2
python3 benchmarks/classic/compare.py "$dir/kikuchi_pca.npy" "$dir/sklearn_pca_auto.npy" | sed 's/^/  /'
python3 benchmarks/classic/compare.py "$dir/kikuchi_pca.npy" "$dir/sklearn_pca_2.npy" | sed 's/^/  /'
python3 benchmarks/classic/compare.py "$dir/sklearn_pca_2.npy" "$dir/sklearn_pca_auto.npy" | sed 's/^/  /'
