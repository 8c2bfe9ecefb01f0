#!/usr/bin/env bash
# Solves the bundled example examples/district-20, writes its HTML report with `plan report`, and
# saves a screenshot of the page taken by headless Chromium, to check by eye that the report is
# readable and that Vietnamese names render.
#
# usage: scripts/screenshot-report.sh [OUT.png]        (default: docs/report-screenshot.png)
# env:   WIDTH, HEIGHT   window size in pixels (default 1280 × 2000)
#        PLAN_BIN        a built `plan` executable to use instead of .build/{release,debug}/plan
#
# Installs Chromium from Debian's packages when it is missing (needs root and apt-get).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-docs/report-screenshot.png}"
width="${WIDTH:-1280}"
height="${HEIGHT:-2000}"

# 1. Chromium, and fonts with Vietnamese glyphs.
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "installing chromium from Debian's packages…" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-dejavu-core
    browser="$(command -v chromium)"
fi

# 2. The plan tool: an explicit one, else a release or debug build that knows `report`, else build one.
plan="${PLAN_BIN:-}"
if [ -z "$plan" ]; then
    for candidate in .build/release/plan .build/debug/plan; do
        if [ -x "$candidate" ] && "$candidate" report --help 2>/dev/null | grep "USAGE: plan report" >/dev/null; then plan="$candidate"; break; fi
    done
fi
if [ -z "$plan" ]; then
    echo "building plan…" >&2
    swift build -c release
    plan=.build/release/plan
fi

# 3. Solve, report, screenshot.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$plan" solve examples/district-20 --out "$work/plan.json"
"$plan" report "$work/plan.json" --instance examples/district-20 --html "$work/report.html"
mkdir -p "$(dirname "$out")"
# --virtual-time-budget lets layout finish before the picture is taken; Chromium writes the PNG itself.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --virtual-time-budget=2000 --window-size="$width,$height" \
    --screenshot="$work/shot.png" "file://$work/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
cp "$work/shot.png" "$out"
echo "wrote $out (${width}×${height}) from the report of examples/district-20"
