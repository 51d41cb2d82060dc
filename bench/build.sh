#!/usr/bin/env bash
# `berth build` vs `podman build` and BuildKit (`DOCKER_BUILDKIT=1 docker build` against a private
# dockerd) of one small Dockerfile (FROM the same busybox image in each engine, RUN, COPY of two
# context files, ENV, WORKDIR, USER, CMD): (a) fresh, every step rebuilt (--no-cache), and
# (b) fully cached (the same build again, nothing changed). Prints medians and ratios. Needs root.
# Not a test: nothing here asserts a timing.
#
# Notes for this host (Debian 12: podman 4.3, runc 1.1, docker.io 20.10, cgroups hybrid):
# - Every engine builds with `--network host`. That is Berth's default for RUN anyway; BuildKit's
#   default (the daemon's bridge) fails on the private dockerd, which runs with --bridge=none
#   ("network bridge not found"), and podman is given the same so no engine pays for a netns.
# - podman build works with its default isolation (oci) through runc, given run.sh's
#   CONTAINERS_CONF and flags; `--isolation chroot` is not needed (and was no faster). crun does
#   not work here ("cgroups in hybrid mode not supported").
# - BuildKit: the docker 20.10 CLI has a BuildKit client built in (DOCKER_BUILDKIT=1); a newer
#   CLI (23+) needs the buildx plugin, so the first `docker` on PATH that can build is used, and
#   docker is skipped, saying why, when none can.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
source "$SOURCE_DIR/bench/lib.bash"
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
RUNS=${RUNS:-10}
WORK=$(mktemp -d /tmp/berth-bench-build-XXXXXX)
export BERTH_ROOT=$WORK/berth
# Podman as this host needs it: runc, cgroupfs, no rlimits above the hard limits.
DOCKERD_PID=
DOCKER_HOST_ARG=(-H "unix://$WORK/docker.sock")
setup_podman
cleanup() {
  [[ -n $DOCKERD_PID ]] && { kill "$DOCKERD_PID"; wait "$DOCKERD_PID"; } 2>/dev/null
  "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true
  umount -R "$WORK"/podman* "$WORK"/docker* 2>/dev/null || true
  # Anything else still mounted below $WORK (deepest first), then the files.
  awk -v w="$WORK/" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

tar=$WORK/busybox.tar
"$SOURCE_DIR/scripts/make-busybox-rootfs" "$tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null

ctx=$WORK/context
mkdir -p "$ctx"
echo 'first context file' > "$ctx/a.txt"
printf 'key=value\nother=1\n' > "$ctx/b.conf"
cat > "$ctx/Dockerfile" <<'EOF'
FROM localhost/bb:1
RUN echo hi > /greeting && mkdir -p /app
COPY a.txt b.conf /app/
ENV GREETING=hi APP_HOME=/app
WORKDIR /app
USER 1000
CMD ["cat", "/greeting"]
EOF

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
  printf '%-16s median %7.1f ms over %d runs\n' "$name" "${result[$name]}" "$RUNS"
}
# bench ENGINE BUILD-CMD...: fresh (--no-cache) then cached (the warm-up fills the cache).
bench() {
  local engine=$1; shift
  measure "$engine fresh" "$@" --no-cache --network host -q -t localhost/bench:1 "$ctx" || return 0
  measure "$engine cached" "$@" --network host -q -t localhost/bench:1 "$ctx" || true
}
declare -A result

bench berth "$BERTH" build

if command -v podman >/dev/null; then
  "${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null 2>&1
  bench podman "${PODMAN[@]}" build
else
  echo "podman: not installed, skipped"
fi

if command -v dockerd >/dev/null; then
  dockerd --data-root "$WORK/docker" --exec-root "$WORK/docker-exec" --pidfile "$WORK/docker.pid" \
    --host "unix://$WORK/docker.sock" --iptables=false --ip6tables=false --bridge=none >"$WORK/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 100); do docker "${DOCKER_HOST_ARG[@]}" info >/dev/null 2>&1 && break; sleep 0.2; done
  if ! docker "${DOCKER_HOST_ARG[@]}" info >/dev/null 2>&1; then
    echo "buildkit: dockerd did not start, skipped"; tail -5 "$WORK/dockerd.log"
  else
    docker "${DOCKER_HOST_ARG[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
    # The first docker CLI on PATH whose BuildKit build works (20.10's built-in client, or buildx).
    docker_cli= why=
    for cli in $(type -ap docker | xargs -n1 realpath | awk '!seen[$0]++'); do
      if why=$(DOCKER_BUILDKIT=1 "$cli" "${DOCKER_HOST_ARG[@]}" build -q --network host -t localhost/probe:1 "$ctx" 2>&1); then
        docker_cli=$cli; break
      fi
      why="$cli ($("$cli" --version 2>/dev/null)): $(echo "$why" | grep -m1 -iE 'error|missing' || echo "$why" | tail -1)"
    done
    if [[ -n $docker_cli ]]; then
      echo "buildkit: $docker_cli ($("$docker_cli" --version)), dockerd $(dockerd --version | sed 's/^Docker version //')"
      bench buildkit env DOCKER_BUILDKIT=1 "$docker_cli" "${DOCKER_HOST_ARG[@]}" build
    else
      echo "buildkit: not usable with the installed docker, skipped: $why"
    fi
  fi
else
  echo "buildkit: dockerd not installed, skipped"
fi

echo
s() { echo "scale=3; $1 / 1000" | bc | sed 's/^\./0./'; }
printf 'berth fresh  = %s s (target <= 0.35 s)\n' "$(s "${result[berth fresh]}")"
[[ -n ${result[berth cached]:-} ]] &&
  printf 'berth cached = %s s (target <= 0.05 s)\n' "$(s "${result[berth cached]}")"
ratio() {  # ratio KIND PEER TARGET-TEXT
  [[ -n ${result[berth $1]:-} && -n ${result[$2 $1]:-} ]] || return 0
  printf 'berth %-6s / %-8s = %.2f%s\n' "$1" "$2" "$(echo "${result[berth $1]} / ${result[$2 $1]}" | bc -l)" "$3"
}
ratio fresh buildkit '  (target <= 0.71, i.e. berth ahead by >= 1.4x)'
ratio cached buildkit '  (target <= 0.33, i.e. berth ahead by >= 3x)'
ratio fresh podman ''
ratio cached podman ''
