#!/usr/bin/env bash
# Renders a `kikuchi compare` report in headless Chromium, as a person would see it, into a PNG.
#   benchmarks/report/screenshot.sh REPORT_DIR [OUT.png]      (apt-get install chromium)
set -euo pipefail
report="$(cd "$1" && pwd)"
out="${2:-$report/screenshot.png}"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1600 \
    --screenshot="$out" "file://$report/report.html" 2>/dev/null
echo "wrote $out"
