#!/usr/bin/env bash
# `berth run --rm IMG true` vs `podman run --rm`, `docker run --rm` (a private dockerd) and a raw
# `runc run` of an equivalent bundle, all with --network none and the same busybox image; then
# 100 detached containers: shim RSS each and `berth ps -a` time. Needs root. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
source "$SOURCE_DIR/bench/lib.bash"
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
RUNS=${RUNS:-20}
WORK=$(mktemp -d /tmp/berth-bench-run-XXXXXX)
export BERTH_ROOT=$WORK/berth
# Podman as this host needs it: runc, cgroupfs, no rlimits above the hard limits.
DOCKERD_PID=
setup_podman
cleanup() {
  "$BERTH" rm -f $("$BERTH" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  [[ -n $DOCKERD_PID ]] && { kill "$DOCKERD_PID"; wait "$DOCKERD_PID"; } 2>/dev/null
  "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true
  umount -R "$WORK"/podman* "$WORK"/docker* 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

tar=$WORK/busybox.tar
"$SOURCE_DIR/scripts/make-busybox-rootfs" "$tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null

median_ms() { sort -n | awk '{a[NR]=$1} END {m=(NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); printf "%.1f", m*1000}'; }
measure() {  # measure NAME CMD...: runs CMD $RUNS times, prints and records the median in ms
  local name=$1; shift
  "$@" >/dev/null 2>&1 || { echo "$name: failed: $*"; return 1; }  # warm-up, and a check it works
  local times=() s e
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  result[$name]=$(printf '%s\n' "${times[@]}" | median_ms)
  printf '%-8s median %7.1f ms over %d runs\n' "$name" "${result[$name]}" "$RUNS"
}
declare -A result
# Two commands timed in alternation, round after round, so that a change in the machine's load
# during the run weighs on both alike: measure_pair NAME1 FUNCTION1 NAME2 FUNCTION2.
measure_pair() {
  local name1=$1 cmd1=$2 name2=$3 cmd2=$4 s e
  "$cmd1" >/dev/null 2>&1 || { echo "$name1: failed"; return 1; }
  "$cmd2" >/dev/null 2>&1 || { echo "$name2: failed"; return 1; }
  local times1=() times2=()
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$cmd1" >/dev/null 2>&1; e=$(date +%s.%N); times1+=("$(echo "$e - $s" | bc)")
    s=$(date +%s.%N); "$cmd2" >/dev/null 2>&1; e=$(date +%s.%N); times2+=("$(echo "$e - $s" | bc)")
  done
  result[$name1]=$(printf '%s\n' "${times1[@]}" | median_ms)
  result[$name2]=$(printf '%s\n' "${times2[@]}" | median_ms)
  printf '%-8s median %7.1f ms over %d runs\n' "$name1" "${result[$name1]}" "$RUNS"
  printf '%-8s median %7.1f ms over %d runs (alternating with %s)\n' "$name2" "${result[$name2]}" "$RUNS" "$name1"
}

# Raw runc: the very config.json berth generates (same namespaces, mounts, seccomp, cgroup
# limits), over a plain extracted rootfs, run with one `runc run`.
bundle=$WORK/bundle
mkdir -p "$bundle/rootfs"
tar -xf "$tar" -C "$bundle/rootfs"
ref=$("$BERTH" create --network none localhost/bb:1 true)
"$BERTH" start "$ref" >/dev/null; "$BERTH" wait "$ref" >/dev/null
for f in hosts hostname resolv.conf; do cp "$BERTH_ROOT/containers/$ref/$f" "$bundle/$f"; done
jq --arg root "$bundle/rootfs" --arg dir "$BERTH_ROOT/containers/$ref" --arg bundle "$bundle" \
  '.root.path = $root | .root.readonly = false | .process.args = ["true"]
   | .linux.cgroupsPath = "/berth-bench/runc"
   | .mounts |= map(if (.source | startswith($dir)) then .source = ($bundle + (.source | ltrimstr($dir))) else . end)' \
  "$BERTH_ROOT/containers/$ref/config.json" > "$bundle/config.json"
"$BERTH" rm "$ref" >/dev/null
raw_runc() { runc --root "$WORK/runc" run --bundle "$bundle" "bench-$RANDOM$RANDOM" ; }

berth_run() { "$BERTH" run --rm --network none localhost/bb:1 true; }
measure_pair berth berth_run runc raw_runc
if command -v podman >/dev/null; then
  "${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null 2>&1
  measure podman "${PODMAN[@]}" run --rm --network none localhost/bb:1 true || true
fi
if command -v dockerd >/dev/null && start_private_dockerd; then
  docker -H "unix://$WORK/docker.sock" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
  measure docker docker -H "unix://$WORK/docker.sock" run --rm --network none localhost/bb:1 true || true
fi
# Targets: within 1.3x of raw runc, at least 4x faster than podman (ratio <= 0.25).
declare -A target=([runc]="<= 1.3" [podman]="<= 0.25" [docker]="none set")
for peer in runc podman docker; do
  [[ -n ${result[$peer]:-} ]] || continue
  printf 'berth / %-6s = %.2f  (target: %s)\n' "$peer" "$(echo "${result[berth]} / ${result[$peer]}" | bc -l)" "${target[$peer]}"
done

echo "starting 100 detached containers…"
for i in $(seq 100); do "$BERTH" run -d --network none localhost/bb:1 sleep 1000 >/dev/null; done
rss=$(for p in $(pgrep berth-shim); do awk '/VmRSS/ {print $2}' /proc/$p/status; done | sort -n)
echo "shim RSS (kB): median $(echo "$rss" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'), max $(echo "$rss" | tail -1) over $(echo "$rss" | wc -l) shims (target <= 1024 kB)"
times=()
for _ in $(seq 10); do s=$(date +%s.%N); "$BERTH" ps -a >/dev/null; e=$(date +%s.%N); times+=("$(echo "$e - $s" | bc)"); done
echo "berth ps -a with 100 containers: median $(printf '%s\n' "${times[@]}" | median_ms) ms (target < 50 ms)"
