#!/usr/bin/env bash
# One command for the whole benchmark: installs the peers (glpsol, HiGHS) and plotting, then runs the
# ladder and the floor instances side by side and writes benchmarks/RESULTS.md and scaling.png.
# Usage: bash benchmarks/run.sh [--quick] [--peer-timeout SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq glpk-utils libglpk-dev libxlsxwriter-dev time >/dev/null
fi
python3 -m pip install -q highspy scipy matplotlib 2>&1 | grep -v -i "warning" || true
python3 benchmarks/run.py "$@"
