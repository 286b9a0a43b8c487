# Sourced by the training scripts, from the repository root: the EMsoft Ni master pattern
# (kikuchipy's test file in ../shared/data or $KIKUCHI_SAMPLE_DATA), the release kikuchi (built
# here), and `publish WORK NAME`, which copies WORK/NAME's model, history and loss curve to models/.
data=${KIKUCHI_SAMPLE_DATA:-../shared/data}
master=$data/kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5
kikuchi=.build/release/kikuchi

[ -f "$master" ] || { echo "the EMsoft Ni master pattern is not at $master" >&2; exit 1; }
swift build -c release --product kikuchi >/dev/null

publish() {
    local work=$1 name=$2 suffix
    for suffix in .h5 .history.csv .loss.png; do cp "$work/$name$suffix" "models/$name$suffix"; done
    echo "models/$name.h5 written"
}
