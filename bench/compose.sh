#!/usr/bin/env bash
# `compose up -d --wait`, a no-change `up -d`, and `down` of a 5-service project (busybox
# services on the project network that exit on SIGTERM, one with a healthcheck the others'
# start does not wait on)
# with berth vs docker-compose 1.29 against a private dockerd vs podman-compose (Debian's),
# ROUNDS rounds alternating the tools, medians and ratios. "Ready" is the same for all: every
# container running and the healthchecked one healthy, read with each tool's own inspect
# (docker-compose 1.29 and podman-compose have no --wait; podman without systemd runs no
# health timer, so its loop runs `podman healthcheck run` itself). Needs root. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
ROUNDS=${ROUNDS:-5}
WORK=$(mktemp -d /tmp/berth-bench-compose-XXXXXX)
export BERTH_ROOT=$WORK/berth
source "$SOURCE_DIR/bench/lib.bash"
DOCKERD_PID=
export CONTAINERS_CONF=$WORK/containers.conf
printf '[containers]\ndefault_ulimits = []\npids_limit = 0\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' > "$CONTAINERS_CONF"
export CONTAINERS_STORAGE_CONF=$WORK/storage.conf
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/podman"\nrunroot = "%s/podman-run"\n' "$WORK" "$WORK" > "$CONTAINERS_STORAGE_CONF"
export DOCKER_HOST=unix://$WORK/docker.sock
cleanup() {
  set +e
  (cd "$WORK/proj" && "$BERTH" compose down -v) >/dev/null 2>&1
  (cd "$WORK/proj" && docker-compose down -v) >/dev/null 2>&1
  (cd "$WORK/proj" && podman-compose down) >/dev/null 2>&1
  "$BERTH" system reset -f >/dev/null 2>&1
  [[ -n $DOCKERD_PID ]] && { kill "$DOCKERD_PID"; wait "$DOCKERD_PID"; } 2>/dev/null
  podman system reset -f >/dev/null 2>&1
  umount -R "$WORK"/podman* "$WORK"/docker* 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
for tool in docker-compose podman-compose; do
  command -v "$tool" >/dev/null || apt-get install -y "$tool" >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y "$tool" >/dev/null 2>&1; } || echo "$tool: could not be installed"
done

tar=$WORK/busybox.tar
"$SOURCE_DIR/scripts/make-busybox-rootfs" "$tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
mkdir -p "$WORK/proj"
cat > "$WORK/proj/compose.yaml" <<'YAML'
services:
  db:
    image: localhost/bb:1
    command: ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ready; sleep 100000 & wait"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 200ms
      retries: 3
  web:
    image: localhost/bb:1
    command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www && echo hi > /www/index.html; httpd -f -p 80 -h /www & wait"]
  worker:
    image: localhost/bb:1
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]
  cache:
    image: localhost/bb:1
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]
  queue:
    image: localhost/bb:1
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]
YAML

median_ms() { sort -n | awk '{a[NR]=$1} END {m=(NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); printf "%.0f", m*1000}'; }
declare -A times
record() { times[$1]+="$2 "; }
now() { date +%s.%N; }

# Each tool: up_T (until ready), again_T (no-change up -d), down_T.
up_berth() { "$BERTH" compose up -d --wait; }
again_berth() { "$BERTH" compose up -d; }
down_berth() { "$BERTH" compose down; }

ready_docker() {
  for _ in $(seq 300); do
    [[ $(docker ps -q | wc -l) -eq 5 && $(docker inspect -f '{{.State.Health.Status}}' proj_db_1 2>/dev/null) == healthy ]] && return 0
    sleep 0.05
  done
  return 1
}
up_docker() { docker-compose up -d && ready_docker; }
again_docker() { docker-compose up -d; }
down_docker() { docker-compose down; }

ready_podman() {
  for _ in $(seq 300); do
    if [[ $(podman ps -q | wc -l) -eq 5 ]] && podman healthcheck run proj_db_1 >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  return 1
}
up_podman() { podman-compose up -d && ready_podman; }
again_podman() { podman-compose up -d; }
down_podman() { podman-compose down; }

tools=(berth)
if command -v docker-compose >/dev/null && command -v dockerd >/dev/null && start_private_dockerd; then
  docker import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
  tools+=(docker)
fi
if command -v podman-compose >/dev/null; then
  podman import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null 2>&1 && tools+=(podman)
fi

cd "$WORK/proj"
for tool in "${tools[@]}"; do  # warm-up, and a check that each works
  "up_$tool" >"$WORK/$tool.warm.log" 2>&1 || { echo "$tool: up failed:"; tail -5 "$WORK/$tool.warm.log"; exit 1; }
  "down_$tool" >/dev/null 2>&1
done
for round in $(seq "$ROUNDS"); do
  for tool in "${tools[@]}"; do
    s=$(now); "up_$tool" >/dev/null 2>&1 || echo "$tool: up failed in round $round"; e=$(now)
    record "up_$tool" "$(echo "$e - $s" | bc)"
    s=$(now); "again_$tool" >/dev/null 2>&1; e=$(now)
    record "again_$tool" "$(echo "$e - $s" | bc)"
    s=$(now); "down_$tool" >/dev/null 2>&1; e=$(now)
    record "down_$tool" "$(echo "$e - $s" | bc)"
  done
done

echo "5 services (busybox, one healthcheck), $ROUNDS rounds, medians; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s' ""; for tool in "${tools[@]}"; do printf '%12s' "$tool"; done; echo
for step in up again down; do
  printf '%-22s' "$step (ms)"
  declare -A median
  for tool in "${tools[@]}"; do
    median[$tool]=$(tr ' ' '\n' <<<"${times[${step}_$tool]}" | grep . | median_ms)
    printf '%12s' "${median[$tool]}"
  done
  echo
  for tool in "${tools[@]}"; do
    [[ $tool == berth ]] && continue
    printf '  %s / berth: %.1fx\n' "$tool" "$(echo "${median[$tool]} / ${median[berth]}" | bc -l)"
  done
done
