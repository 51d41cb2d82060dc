#!/usr/bin/env bash
# `berth load` vs `podman load` vs `docker load` of the same ~200 MB docker-archive, each into a
# fresh store, several runs each; prints medians and ratios. Needs root. Not a test.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
BERTH=${BERTH:-$(cd "$(dirname "$0")/.." && pwd)/build/bin/berth}
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
LAYERS=${LAYERS:-5}
MIB_PER_LAYER=${MIB_PER_LAYER:-40}
WORK=$(mktemp -d /tmp/berth-bench-XXXXXX)
DOCKERD_PID=
cleanup() {
  [[ -n $DOCKERD_PID ]] && kill "$DOCKERD_PID" 2>/dev/null && wait "$DOCKERD_PID" 2>/dev/null
  podman --root "$WORK/podman" --runroot "$WORK/podman-run" --storage-driver overlay system reset -f >/dev/null 2>&1 || true
  umount -R "$WORK"/podman* "$WORK"/docker* 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

archive=$WORK/bench.tar
"$SOURCE_DIR/scripts/make-layered-archive" "$archive" --layers "$LAYERS" --mib-per-layer "$MIB_PER_LAYER" --tag localhost/bench:latest
echo "archive: $(du -m "$archive" | cut -f1) MB, $LAYERS layers"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_cmd() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

declare -A result
run_berth() {
  rm -rf "$WORK/berth"; sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  cat "$archive" > /dev/null  # the archive itself warm for every tool alike
  time_cmd "$BERTH" --root "$WORK/berth" load -i "$archive"
}
run_podman() {
  podman --root "$WORK/podman" --runroot "$WORK/podman-run" --storage-driver overlay system reset -f >/dev/null 2>&1 || true
  rm -rf "$WORK/podman" "$WORK/podman-run"; sync; cat "$archive" > /dev/null
  time_cmd podman --root "$WORK/podman" --runroot "$WORK/podman-run" --storage-driver overlay load -i "$archive"
}
run_docker() {
  docker -H "unix://$WORK/docker.sock" rmi -f localhost/bench:latest >/dev/null 2>&1 || true
  docker -H "unix://$WORK/docker.sock" image prune -af >/dev/null 2>&1 || true
  sync; cat "$archive" > /dev/null
  time_cmd docker -H "unix://$WORK/docker.sock" load -i "$archive"
}

for tool in berth podman docker; do
  if [[ $tool == podman ]] && ! command -v podman >/dev/null; then echo "podman: not installed"; continue; fi
  if [[ $tool == docker ]]; then
    if ! command -v dockerd >/dev/null; then echo "docker: dockerd not installed"; continue; fi
    start_private_dockerd || continue
  fi
  times=()
  for _ in $(seq "$RUNS"); do times+=("$(run_$tool)"); done
  result[$tool]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-7s median %6.3f s  (runs: %s)\n' "$tool" "${result[$tool]}" "${times[*]}"
done

for peer in podman docker; do
  [[ -n ${result[$peer]:-} ]] || continue
  printf 'berth load is %.2fx faster than %s load (target for podman: >= 2x)\n' \
    "$(echo "${result[$peer]} / ${result[berth]}" | bc -l)" "$peer"
done
