#!/usr/bin/env bash
# How often `logs -f` and `wait` wake up while they follow an idle container, and the CPU they
# use, for berth (and BASELINE, another berth binary, if given) and podman: 5 s of each, read
# from /proc (voluntary context switches of all threads; utime+stime in clock ticks). Needs root. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
source "$SOURCE_DIR/bench/lib.bash"
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
SECONDS_IDLE=${SECONDS_IDLE:-5}
WORK=$(mktemp -d /tmp/berth-bench-follow-XXXXXX)
export BERTH_ROOT=$WORK/berth
setup_podman
cleanup() {
  "$BERTH" rm -f $("$BERTH" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true
  umount -R "$WORK"/podman* 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
tar=$WORK/busybox.tar
"$SOURCE_DIR/scripts/make-busybox-rootfs" "$tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null

counters() {  # PID: voluntary context switches of all its threads, and its CPU ticks, so far
  echo "$(cat /proc/$1/task/*/status | awk '/^voluntary_ctxt_switches/ {n += $2} END {print n}') $(awk '{print $14 + $15}' "/proc/$1/stat")"
}
measure() {  # NAME ENGINE...: follow and wait on an idle container of ENGINE
  local name=$1; shift
  local id logs waiter
  id=$("$@" run -d --network none localhost/bb:1 sleep 1000)
  "$@" logs -f "$id" >/dev/null 2>&1 & logs=$!
  "$@" wait "$id" >/dev/null 2>&1 & waiter=$!
  sleep 1  # past their first moments
  local a b c d
  a=($(counters $logs)); b=($(counters $waiter))
  sleep "$SECONDS_IDLE"
  c=($(counters $logs)); d=($(counters $waiter))
  printf '%-9s logs -f: %6d wake-ups, %4d ticks of CPU   wait: %6d wake-ups, %4d ticks of CPU  (%d s)\n' \
    "$name" $((c[0] - a[0])) $((c[1] - a[1])) $((d[0] - b[0])) $((d[1] - b[1])) "$SECONDS_IDLE"
  "$@" rm -f "$id" >/dev/null 2>&1
  wait $logs $waiter 2>/dev/null || true
}
measure berth "$BERTH"
[[ -n ${BASELINE:-} ]] && measure baseline "$BASELINE"
if command -v podman >/dev/null; then
  "${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null 2>&1
  measure podman "${PODMAN[@]}"
fi
