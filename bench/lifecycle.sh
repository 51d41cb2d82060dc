#!/usr/bin/env bash
# A Space's sleep and wake (issue 16), with busybox httpd Spaces on a `berth serve` of its own:
# (a) wake from frozen to first byte, WAKES times (target: median < 50 ms, p99 < 100 ms), beside
#     the first byte of the same Space awake;
# (b) wake from stopped to first byte, ROUNDS times (target: < 500 ms), alternating round by
#     round with `podman start` of the same image + its first byte (podman on the host's
#     network, so it pays for no network setup; berth's Space gets its bridge back);
# (c) density: host memory in use (MemTotal - MemAvailable) with DENSITY Spaces running, then
#     all frozen, then all stopped;
# (d) rollback switch time, by bench/lifecycle_rollback.sh when it is there.
# Needs root. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
source "$SOURCE_DIR/bench/lib.bash"
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
WAKES=${WAKES:-100}
ROUNDS=${ROUNDS:-10}
DENSITY=${DENSITY:-50}
WORK=$(mktemp -d /tmp/berth-bench-lifecycle-XXXXXX)
export BERTH_ROOT=$WORK/berth GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
setup_podman
SERVER_PID=
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
cleanup() {
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true
  umount -R "$WORK"/podman* 2>/dev/null || true
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=18460
API=http://127.0.0.1:$PORT

start_server() {  # start_server SERVE_FLAGS…
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" serve --listen 127.0.0.1:$PORT --sleep-check-interval 1s "$@" >>"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "berth serve did not start"; tail -5 "$WORK/serve.log"; exit 1
}
runtime() { curl -s "$API/api/spaces/bench/$1/runtime" | jq -r ".$2 // empty"; }
wait_for() {  # wait_for SPACE FIELD VALUE [SECONDS]
  for _ in $(seq $((${4:-120} * 20))); do [[ $(runtime "$1" "$2") == "$3" ]] && return 0; sleep 0.05; done
  echo "bench/$1: $2 is $(runtime "$1" "$2"), expected $3" >&2; tail -5 "$WORK/serve.log" >&2; exit 1
}
first_byte_ms() {  # first_byte_ms URL [curl args]: time to the first byte of the answer, in ms
  curl -s -o /dev/null --max-time 30 -w '%{time_starttransfer}' "$@" | awk '{printf "%.1f\n", $1 * 1000}'
}
space_url() { echo "--resolve bench-$1.localhost:$PORT:127.0.0.1 http://bench-$1.localhost:$PORT/"; }
stats() {  # stats: "median M ms, p99 P ms" of the numbers on stdin
  sort -n | awk '{a[NR]=$1} END {m=(NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); p=a[int(NR*0.99+0.999)]; printf "median %.1f ms, p99 %.1f ms (n=%d)", m, p, NR}'
}
median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# The Spaces' own memory: the resident memory of every berth container (the hierarchical
# total_rss of berth's memory cgroup: other berth containers on the host count too) and of their
# shims, in KiB; page cache left out, unlike used_mib.
spaces_kib() {
  local rss shims
  rss=$(awk '/^total_rss / {print int($2 / 1024)}' /sys/fs/cgroup/memory/berth/memory.stat 2>/dev/null || echo 0)
  shims=$(for p in $(pgrep -x berth-shim); do awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null; done | awk '{s+=$1} END {print s+0}')
  echo $((rss + shims))
}
used_mib() { awk '/^MemTotal:/ {t=$2} /^MemAvailable:/ {a=$2} END {printf "%d", (t - a) / 1024}' /proc/meminfo; }

"$SOURCE_DIR/scripts/make-busybox-rootfs" "$WORK/busybox.tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$WORK/busybox.tar" localhost/busybox:space >/dev/null
start_server --freeze-ttl 1h
"$BERTH" user create bench >/dev/null
TOKEN=$("$BERTH" token create bench --write)
AUTH=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
app=$WORK/app
mkdir -p "$app/www"
printf -- '---\nsdk: docker\napp_port: 7860\n---\n' >"$app/README.md"
printf 'FROM localhost/busybox:space\nCOPY www /www\nCMD ["httpd", "-f", "-p", "7860", "-h", "/www"]\n' >"$app/Dockerfile"
echo "hello" >"$app/www/index.html"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm app
deploy() {  # deploy NAME: creates and pushes bench/NAME (waits for nothing)
  "$BERTH" space create "bench/$1" >/dev/null
  git -C "$app" push -q "http://bench:$TOKEN@127.0.0.1:$PORT/spaces/bench/$1.git" HEAD:main
}
sleep_time() { curl -s -o /dev/null "${AUTH[@]}" -X POST "$API/api/spaces/bench/$1/sleeptime" -d "{\"seconds\": $2}"; }

echo "-- (a) wake from frozen, $WAKES times --"
deploy wake
wait_for wake stage RUNNING
sleep_time wake 1
: >"$WORK/frozen.ms"; : >"$WORK/awake.ms"
for _ in $(seq "$WAKES"); do
  wait_for wake sleepTier frozen 30
  # shellcheck disable=SC2046
  first_byte_ms $(space_url wake) >>"$WORK/frozen.ms"
  first_byte_ms $(space_url wake) >>"$WORK/awake.ms"  # the same Space, awake now
done
echo "frozen → first byte: $(stats <"$WORK/frozen.ms")   (target: median < 50 ms, p99 < 100 ms)"
echo "awake  → first byte: $(stats <"$WORK/awake.ms")   (the same request to the Space awake)"
sleep_time wake 3600

echo "-- (c) density: $DENSITY Spaces --"
before=$(used_mib); kib_before=$(spaces_kib)
for i in $(seq "$DENSITY"); do deploy "d$i"; done
for i in $(seq "$DENSITY"); do wait_for "d$i" stage RUNNING 300; done
sleep 2
running=$(used_mib); kib_running=$(spaces_kib)
for i in $(seq "$DENSITY"); do sleep_time "d$i" 1; done
for i in $(seq "$DENSITY"); do wait_for "d$i" sleepTier frozen 60; done
sleep 2
frozen=$(used_mib); kib_frozen=$(spaces_kib)
start_server --freeze-ttl 1s
for i in $(seq "$DENSITY"); do wait_for "d$i" sleepTier stopped 60; done
sleep 2
stopped=$(used_mib); kib_stopped=$(spaces_kib)
echo "host memory in use: ${before} MiB before; ${running} MiB with $DENSITY Spaces running (+$((running - before))); ${frozen} MiB all frozen (+$((frozen - before))); ${stopped} MiB all stopped (+$((stopped - before)))"
echo "containers' + shims' resident memory per Space: running $(((kib_running - kib_before) / DENSITY)) KiB, frozen $(((kib_frozen - kib_before) / DENSITY)) KiB, stopped $(((kib_stopped - kib_before) / DENSITY)) KiB"
for i in $(seq "$DENSITY"); do "$BERTH" space rm "bench/d$i" >/dev/null; done

echo "-- (b) wake from stopped vs podman start, $ROUNDS rounds each --"
image=$(curl -s "$API/api/spaces/bench/wake" | jq -r .sha | cut -c1-12)
image="localhost/spaces/bench/wake:$image"
"$BERTH" save "$image" | "${PODMAN[@]}" load -q >/dev/null
PODMAN_PORT=18461
"${PODMAN[@]}" create -q --name wake --network host "$image" httpd -f -p "127.0.0.1:$PODMAN_PORT" -h /www >/dev/null
sleep_time wake 1
: >"$WORK/stopped.ms"; : >"$WORK/podman.ms"
for _ in $(seq "$ROUNDS"); do
  wait_for wake sleepTier stopped 30
  # shellcheck disable=SC2046
  first_byte_ms $(space_url wake) >>"$WORK/stopped.ms"
  "${PODMAN[@]}" stop -t 0 wake >/dev/null 2>&1 || true
  t0=$(date +%s%N)
  "${PODMAN[@]}" start wake >/dev/null
  until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PODMAN_PORT/"; do sleep 0.005; done
  echo "$((($(date +%s%N) - t0) / 100000))" | awk '{printf "%.1f\n", $1 / 10}' >>"$WORK/podman.ms"
done
"${PODMAN[@]}" stop -t 0 wake >/dev/null 2>&1 || true
berth_ms=$(median <"$WORK/stopped.ms"); podman_ms=$(median <"$WORK/podman.ms")
echo "stopped → first byte (berth): $(stats <"$WORK/stopped.ms")   (target: < 500 ms)"
echo "podman start + first byte:    $(stats <"$WORK/podman.ms")"
echo "berth/podman: $(echo "scale=2; $berth_ms / $podman_ms" | bc)"

if [[ -x $SOURCE_DIR/bench/lifecycle_rollback.sh ]]; then
  echo "-- (d) rollback --"
  "$SOURCE_DIR/bench/lifecycle_rollback.sh"
else
  echo "-- (d) rollback: bench/lifecycle_rollback.sh is not there --"
fi
echo "load while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
