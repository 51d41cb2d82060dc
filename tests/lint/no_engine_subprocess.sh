#!/usr/bin/env bash
# The Spaces server calls the engine in-process (src/engine, spaces/local): nothing in
# src/spaces or src/server may start the berth binary again (issue 14). Fails on any way back
# to that design: re-executing this binary, or a process helper aimed at `berth`.
set -euo pipefail
src=${BERTH_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src
pattern='/proc/self/exe|BerthProcess|berth_binary|"berth"[[:space:]]*[,}]|run_process\([^)]*berth'
if hits=$(grep -rnE "$pattern" "$src/spaces" "$src/server"); then
  echo "src/spaces and src/server must call the engine library, not the berth binary:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "ok - no berth subprocess in src/spaces or src/server"
