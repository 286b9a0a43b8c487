#!/usr/bin/env bash
# Fingerprints of what kikuchi writes, to show that a change of structure changed no output:
# `kikuchi demo`, every `denoise --method` on a simulated scan (16-bit, 20 x 16 map of 120 x 120)
# and on the real 3 x 3 Ni map, `background`, `convert` and `unpack`.
#
#   scripts/check-behaviour.sh record FILE   writes one "sha256  name" line per output to FILE
#   scripts/check-behaviour.sh check FILE    the same, then compares with FILE (exit 1 on any difference)
#
# HDF5 files are fingerprinted by their patterns (converted to UP2), since libhdf5 stores times in them;
# the demo's report by its scores table (its pages hold the run time).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
reference="${2:-}"
if [[ "$mode" != record && "$mode" != check ]] || [[ -z "$reference" ]]; then
    echo "usage: scripts/check-behaviour.sh record|check FILE" >&2
    exit 2
fi
data="${KIKUCHI_SAMPLE_DATA:-$(cd .. && pwd)/shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product kikuchi >/dev/null
kikuchi="$PWD/.build/release/kikuchi"
sums="$work/sums"
: > "$sums"

# The figures and pictures of a comparison report, without the run times.
fingerprint_report() {
    local folder="$1" name="$2"
    awk -F, -v OFS=, '{ $(NF - 1) = ""; print }' "$folder/metrics.csv" > "$work/metrics.csv"
    fingerprint "$work/metrics.csv" "$name/metrics.csv"
    echo "$(cd "$folder" && find . -name '*.png' | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)  $name/*.png" >> "$sums"
}

# One line "sha256  name" for `file`, named `name`.
fingerprint() {
    local file="$1" name="$2"
    case "$file" in
        *.h5)
            "$kikuchi" convert "$file" "$work/fingerprint.up2" --overwrite --quiet
            echo "$(sha256sum < "$work/fingerprint.up2" | cut -d' ' -f1)  $name" >> "$sums" ;;
        *)
            echo "$(sha256sum < "$file" | cut -d' ' -f1)  $name" >> "$sums" ;;
    esac
}

"$kikuchi" demo -o "$work/demo" --quiet > "$work/demo.log"
for file in scan.up2 clean.up2 repacked.up2 from-jpeg.up2 from-h5.up2 scan.h5; do
    fingerprint "$work/demo/$file" "demo/$file"
done
for folder in patterns-png patterns-jpeg; do
    echo "$(cd "$work/demo/$folder" && find . -type f | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)  demo/$folder/" >> "$sums"
done
# What it printed, less the scores table and the run time, with the scratch folder's name left out.
grep -v "done in\|^            " "$work/demo.log" | sed "s|$work|WORK|g" > "$work/demo-printed.txt"
fingerprint "$work/demo-printed.txt" "demo/printed"
fingerprint_report "$work/demo/report" "demo/report"

"$kikuchi" simulate -o "$work/sim.up2" --map 20x16 --grains 6 --dose 5 --gain 64 --seed 7 --clean "$work/sim-clean.up2" > /dev/null
fingerprint "$work/sim.up2" "simulate/sim.up2"
real="$data/kikuchipy/edax_binary/edax_binary.up1"
methods="autoencoder pca nlpar npa regions nlpar-autoencoder nlpar-network regions-network static dynamic"
for scan in "$work/sim.up2" "$real"; do
    base="$(basename "$scan")"
    for method in $methods; do
        extension="${base##*.}"
        out="$work/$base.$method.$extension"
        # A refusal is behaviour too: its exit status and message are fingerprinted instead.
        if "$kikuchi" denoise "$scan" -o "$out" --method "$method" --components 5 --threads 2 --quiet 2> "$work/stderr"; then
            fingerprint "$out" "denoise/$base/$method"
        else
            echo "exit $? $(sed "s|$work|WORK|g" "$work/stderr" | sha256sum | cut -d' ' -f1)  denoise/$base/$method" >> "$sums"
        fi
    done
    for kind in static dynamic; do
        "$kikuchi" background "$scan" -o "$work/$base.$kind-background.$extension" "--$kind" --quiet
        fingerprint "$work/$base.$kind-background.$extension" "background/$base/$kind"
    done
done
"$kikuchi" denoise "$work/sim.up2" -o "$work/sim.nlpar.h5" --method nlpar --lambda auto --quiet
fingerprint "$work/sim.nlpar.h5" "denoise/sim.up2/nlpar-auto.h5"
"$kikuchi" denoise "$work/sim.up2" -o "$work/sim.8bit.up1" --method regions --quiet
fingerprint "$work/sim.8bit.up1" "denoise/sim.up2/regions.up1"
"$kikuchi" convert "$real" "$work/real.h5" --quiet
fingerprint "$work/real.h5" "convert/real.h5"
"$kikuchi" unpack "$real" "$work/real-png" --quiet
echo "$(cd "$work/real-png" && find . -type f | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)  unpack/real-png/" >> "$sums"
"$kikuchi" compare "$work/sim.up2" --truth "$work/sim-clean.up2" --methods raw,nlpar,regions,pca -o "$work/compare" --quiet > /dev/null
fingerprint_report "$work/compare" "compare"

if [[ "$mode" == record ]]; then
    cp "$sums" "$reference"
    echo "recorded $(wc -l < "$sums") fingerprints in $reference"
else
    if diff "$reference" "$sums"; then
        echo "all $(wc -l < "$sums") outputs are byte-identical to $reference"
    else
        echo "outputs differ from $reference (lines above: < recorded, > now)" >&2
        exit 1
    fi
fi
