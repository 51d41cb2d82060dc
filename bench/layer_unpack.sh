#!/usr/bin/env bash
# Compares unpacking a ~200 MB gzip layer made of real files: `tar -xzf` (gzip in a second
# process) against berth's apply_layer (decompression on its own thread). Same filesystem,
# fresh directory per run. Usage: bench/layer_unpack.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d /tmp/berth-layer-bench.XXXXXX)}
tool=$build/bin/berth-unpack-bench
[[ -x $tool ]] || { echo "build $tool first (cmake --build $build --target berth-unpack-bench)"; exit 1; }
mkdir -p "$work"
layer=$work/layer.tar.gz

if [[ ! -s $layer ]]; then
  # Deterministic content: sorted file lists from /usr/lib and /usr/share, up to ~200 MB of
  # regular files, archived with fixed owner and mtime.
  list=$work/files.txt
  (cd / && find usr/lib usr/share -xdev -type f -size -20M -printf '%p\t%s\n' 2>/dev/null) |
    LC_ALL=C sort | awk -F'\t' -v limit=$((200 * 1000 * 1000)) \
      '{ print $1; total += $2; if (total > limit) exit }' > "$list" || true  # SIGPIPE
  tar -C / --no-recursion --owner=0 --group=0 --mtime=@1700000000 --sort=name \
    -cf - -T "$list" 2>/dev/null | gzip -6 -n > "$layer"
fi
echo "layer: $(du -h "$layer" | cut -f1) gzip, $(gzip -dc "$layer" | wc -c | awk '{printf "%.0f MB", $1/1e6}') tar, $(tar -tzf "$layer" | wc -l) entries"

tar_cmd="rm -rf '$work/out-tar' && mkdir '$work/out-tar' && tar -xzf '$layer' -C '$work/out-tar'"
berth_cmd="rm -rf '$work/out-berth' && '$tool' '$layer' '$work/out-berth' >/dev/null"

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$work/result.json" \
    -n tar "$tar_cmd" -n berth "$berth_cmd"
  python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"tar -xzf: {r['tar']:.3f} s   berth: {r['berth']:.3f} s   berth/tar = {r['berth'] / r['tar']:.2f}")
PY
else
  best() { local b=999999; for _ in 1 2 3 4 5; do local s=$(date +%s.%N); "$@"; local e=$(date +%s.%N)
    b=$(echo "$e - $s" | bc | awk -v b=$b '{print ($1 < b) ? $1 : b}'); done; echo "$b"; }
  t=$(best bash -c "$tar_cmd"); b=$(best bash -c "$berth_cmd")
  echo "tar -xzf: $t s   berth: $b s   berth/tar = $(echo "$b / $t" | bc -l | cut -c1-4)"
fi
rm -rf "$work/out-check"
"$tool" "$layer" "$work/out-check"
diff -r "$work/out-tar" "$work/out-check" >/dev/null && echo "trees identical"
