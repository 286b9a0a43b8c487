#!/usr/bin/env bash
# Streaming benchmark: peak memory and throughput of converting a large UP2 (default 20,000
# patterns of 240 x 240, 2.3 GB) to UP2 and to h5ebsd, against `cat` of the same file to
# /dev/null as the disk-speed peer, measured in the same run.
#   benchmarks/streaming/run.sh [WORK_DIR] [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/kikuchi-streaming}"
count="${2:-20000}"
mkdir -p "$work"
(cd "$root" && swift build -c release --product kikuchi >/dev/null)
kikuchi="$root/.build/release/kikuchi"
big="$work/large.up2"
[ -f "$big" ] || python3 "$root/benchmarks/streaming/make_large_up2.py" "$big" "$count"
bytes=$(stat -c %s "$big")

measure() {  # label, command...
  local label="$1"; shift
  sync; local log="$work/time.log"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v "$@" 2>"$log" >/dev/null
  end=$(date +%s.%N)
  local rss seconds
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  seconds=$(echo "$end - $start" | bc -l)
  printf "%-28s %8.2f s  %8.0f MB/s  peak RSS %6.1f MB\n" "$label" "$seconds" "$(echo "$bytes / 1000000 / $seconds" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

echo "input: $big ($((bytes / 1000000)) MB)"
measure "cat (disk-speed peer)" cat "$big"
measure "cp (write peer)" cp "$big" "$work/copy.up2"
measure "kikuchi convert -> up2" "$kikuchi" convert "$big" "$work/out.up2" --overwrite --quiet
[ -n "${SKIP_H5:-}" ] || measure "kikuchi convert -> h5" "$kikuchi" convert "$big" "$work/out.h5" --overwrite --quiet
cmp "$big" "$work/out.up2" && echo "out.up2 is byte-identical to the input"
rm -f "$work/copy.up2" "$work/out.up2" "$work/out.h5"
