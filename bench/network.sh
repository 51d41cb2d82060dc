#!/usr/bin/env bash
# Bridge networking: (1) throughput and p99 latency through a published port (wrk against
# busybox httpd in a container) with Berth, podman (netavark) and docker (a private dockerd,
# userland proxy), and (2) what the default bridge adds to `run --rm IMG true` over
# --network none, for Berth and podman. Needs root. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
source "$SOURCE_DIR/bench/lib.bash"
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
RUNS=${RUNS:-20}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d /tmp/berth-bench-net-XXXXXX)
export BERTH_ROOT=$WORK/berth
setup_podman $'[network]\nnetwork_backend = "netavark"\n'
DOCKER=(docker -H "unix://$WORK/docker.sock")
DOCKERD_PID=
tables_before=$(nft list tables 2>/dev/null || true)
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
cleanup() {
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  "${PODMAN[@]}" rm -af >/dev/null 2>&1 || true
  "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true
  if [[ -n $DOCKERD_PID ]]; then
    "${DOCKER[@]}" rm -f $("${DOCKER[@]}" ps -aq) >/dev/null 2>&1 || true
    kill "$DOCKERD_PID"; wait "$DOCKERD_PID" 2>/dev/null || true
    ip link del docker0 2>/dev/null || true
  fi
  umount -R "$WORK"/podman* "$WORK"/docker* 2>/dev/null || true
  # Netavark's iptables-nft chains outlive `podman system reset`: drop the tables it made.
  while read -r _ family name; do
    [[ -n $name ]] && ! grep -qx "table $family $name" <<<"$tables_before" && nft delete table "$family" "$name"
  done < <(nft list tables 2>/dev/null || true)
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT

tar=$WORK/busybox.tar
"$SOURCE_DIR/scripts/make-busybox-rootfs" "$tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
host_ip=$(ip -o -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p')
serve='mkdir -p /www && head -c 1024 /dev/zero | tr "\0" x > /www/index.html && exec httpd -f -p 80 -h /www'

declare -A rps p99
wrk_against() {  # wrk_against NAME PORT
  local name=$1 port=$2 out
  for _ in $(seq 50); do busybox wget -q -O /dev/null "http://$host_ip:$port/" 2>/dev/null && break; sleep 0.1; done
  out=$(wrk -t 2 -c 32 -d "$DURATION" --latency "http://$host_ip:$port/")
  rps[$name]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99[$name]=$(echo "$out" | awk '$1 == "99%" {print $2}')
  printf '%-7s %10s req/s  p99 %s\n' "$name" "${rps[$name]}" "${p99[$name]}"
}
to_ms() { echo "$1" | awk '/us$/ {sub("us",""); print $1/1000; next} /ms$/ {sub("ms",""); print $1; next} /s$/ {sub("s",""); print $1*1000}'; }

median_ms() { sort -n | awk '{a[NR]=$1} END {m=(NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); printf "%.1f", m*1000}'; }
measure() {
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  local times=() s e
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${times[@]}" | median_ms
}

# Berth and podman both default to 10.88.0.0/16, so each runs alone and is reset after.
echo "-- published port: wrk -t2 -c32 -d$DURATION, 1 KiB page from busybox httpd --"
"$BERTH" run -d --name web -p 18300:80 localhost/bb:1 sh -c "$serve" >/dev/null
wrk_against berth 18300
"$BERTH" rm -f web >/dev/null
b_none=$(measure "$BERTH" run --rm --network none localhost/bb:1 true)
b_bridge=$(measure "$BERTH" run --rm localhost/bb:1 true)
"$BERTH" system reset -f >/dev/null

"${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null 2>&1
"${PODMAN[@]}" run -d --name web -p 18301:80 localhost/bb:1 sh -c "$serve" >/dev/null
wrk_against podman 18301
"${PODMAN[@]}" rm -f web >/dev/null
p_none=$(measure "${PODMAN[@]}" run --rm --network none localhost/bb:1 true)
p_bridge=$(measure "${PODMAN[@]}" run --rm localhost/bb:1 true)
"${PODMAN[@]}" system reset -f >/dev/null 2>&1

if command -v dockerd >/dev/null; then
  dockerd --data-root "$WORK/docker" --exec-root "$WORK/docker-exec" --pidfile "$WORK/docker.pid" \
    --host "unix://$WORK/docker.sock" --iptables=false --ip6tables=false >"$WORK/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 100); do "${DOCKER[@]}" info >/dev/null 2>&1 && break; sleep 0.2; done
  "${DOCKER[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
  "${DOCKER[@]}" run -d --name web -p 18302:80 localhost/bb:1 sh -c "$serve" >/dev/null
  wrk_against docker 18302
fi
for peer in podman docker; do
  [[ -n ${rps[$peer]:-} ]] || continue
  printf 'berth / %-6s: req/s %.2f (target >= 1), p99 %.2f (target <= 1)\n' "$peer" \
    "$(echo "${rps[berth]} / ${rps[$peer]}" | bc -l)" \
    "$(echo "$(to_ms "${p99[berth]}") / $(to_ms "${p99[$peer]}")" | bc -l)"
done

echo "-- run --rm IMG true: default bridge against --network none, median of $RUNS --"
printf 'berth : none %7.1f ms  bridge %7.1f ms  added %6.1f ms (target <= 30)\n' "$b_none" "$b_bridge" "$(echo "$b_bridge - $b_none" | bc)"
printf 'podman: none %7.1f ms  bridge %7.1f ms  added %6.1f ms\n' "$p_none" "$p_bridge" "$(echo "$p_bridge - $p_none" | bc)"
