#!/usr/bin/env bash
# Cold `pull` of the same ~200 MB, 5-layer gzip image from a local docker-registry by berth,
# podman, skopeo (to containers-storage) and docker, each into a fresh store, several runs; the
# floors (a) curl fetching the layer blobs in parallel and (b) unpacking them in parallel
# (gzip -dc | tar -x); and `push` of the image to a new repository by berth and podman. Prints
# medians and ratios. Needs root. Not a test: nothing here asserts a timing.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
RUNS=${RUNS:-3}
LAYERS=${LAYERS:-5}
MIB_PER_LAYER=${MIB_PER_LAYER:-40}
WORK=$(mktemp -d /tmp/berth-bench-pull-XXXXXX)
REGISTRY_PID= DOCKERD_PID=
PODMAN=(podman --root "$WORK/podman" --runroot "$WORK/podman-run" --storage-driver overlay)
cleanup() {
  set +e  # everything below runs, whatever fails
  [[ -n $DOCKERD_PID ]] && kill "$DOCKERD_PID" 2>/dev/null && wait "$DOCKERD_PID" 2>/dev/null
  [[ -n $REGISTRY_PID ]] && kill "$REGISTRY_PID" 2>/dev/null
  "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true
  BERTH_ROOT=$WORK/berth "$BERTH" system reset -f >/dev/null 2>&1 || true
  # Every mount the engines left under $WORK (podman's and skopeo's overlay, dockerd's), deepest first.
  awk -v w="$WORK" '$5 == w || index($5, w "/") == 1 {print $5}' /proc/self/mountinfo |
    sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v docker-registry >/dev/null || { echo "needs docker-registry (apt-get install docker-registry)"; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REG=127.0.0.1:$port
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
  "$WORK/registry" "$REG" >"$WORK/registry.yml"
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://$REG/v2/" && break; sleep 0.1; done
"$SOURCE_DIR/scripts/make-layered-archive" "$WORK/bench.tar" --layers "$LAYERS" \
  --mib-per-layer "$MIB_PER_LAYER" --tag localhost/bench:latest
# skopeo compresses each layer with gzip on the way, as a registry image is.
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/bench.tar" "docker://$REG/bench/img:latest"
IMAGE=$REG/bench/img:latest
blobs=$(skopeo inspect --tls-verify=false --format '{{range .Layers}}{{.}} {{end}}' "docker://$IMAGE")
echo "image: $LAYERS layers, $(du -sm "$WORK/registry" | cut -f1) MB in the registry (gzip)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_cmd() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
fresh() { rm -rf "$WORK/$1"; sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true; }

run_berth() { BERTH_ROOT=$WORK/berth "$BERTH" system reset -f >/dev/null 2>&1 || true; fresh berth; time_cmd env BERTH_ROOT="$WORK/berth" "$BERTH" pull -q "$IMAGE"; }
run_podman() { "${PODMAN[@]}" system reset -f >/dev/null 2>&1 || true; fresh podman; time_cmd "${PODMAN[@]}" pull -q --tls-verify=false "$IMAGE"; }
run_skopeo() {
  podman --root "$WORK/skopeo" --runroot "$WORK/skopeo-run" --storage-driver overlay system reset -f >/dev/null 2>&1 || true
  fresh skopeo
  time_cmd skopeo copy -q --src-tls-verify=false "docker://$IMAGE" \
    "containers-storage:[overlay@$WORK/skopeo+$WORK/skopeo-run]$IMAGE"
}
run_docker() {
  docker -H "unix://$WORK/docker.sock" rmi -f "$IMAGE" >/dev/null 2>&1 || true
  docker -H "unix://$WORK/docker.sock" image prune -af >/dev/null 2>&1 || true
  sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
  time_cmd docker -H "unix://$WORK/docker.sock" pull -q "$IMAGE"
}
# (a) the network floor: every layer blob fetched at once by curl, to /dev/null.
run_curl() {
  sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
  local s e; s=$(date +%s.%N)
  for b in $blobs; do curl -s -o /dev/null "http://$REG/v2/bench/img/blobs/$b" & done
  wait; e=$(date +%s.%N); echo "$e - $s" | bc
}
# (b) the unpack floor: every layer (already on disk) decompressed and extracted at once.
for b in $blobs; do curl -s -o "$WORK/${b#sha256:}.tgz" "http://$REG/v2/bench/img/blobs/$b"; done
run_unpack() {
  fresh unpack; mkdir -p "$WORK/unpack"
  local s e i=0; s=$(date +%s.%N)
  for b in $blobs; do
    mkdir -p "$WORK/unpack/$i"
    (gzip -dc "$WORK/${b#sha256:}.tgz" | tar -x -C "$WORK/unpack/$((i))" && sync -f "$WORK/unpack/$i") &
    i=$((i + 1))
  done
  wait; e=$(date +%s.%N); echo "$e - $s" | bc
}

declare -A result
for tool in berth podman skopeo docker curl unpack; do
  if [[ $tool == docker ]]; then
    if ! command -v dockerd >/dev/null; then echo "docker: dockerd not installed"; continue; fi
    start_private_dockerd || continue
  fi
  times=()
  for _ in $(seq "$RUNS"); do times+=("$(run_$tool)"); done
  result[$tool]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-7s pull median %6.3f s  (runs: %s)\n' "$tool" "${result[$tool]}" "${times[*]}"
done

for peer in podman skopeo docker; do
  [[ -n ${result[$peer]:-} ]] || continue
  printf 'berth pull is %.2fx faster than %s (targets: podman >= 2x, docker > 1x)\n' \
    "$(echo "${result[$peer]} / ${result[berth]}" | bc -l)" "$peer"
done
floor=${result[curl]}
(( $(echo "${result[unpack]} > $floor" | bc) )) && floor=${result[unpack]}
printf 'berth pull / slower floor (curl %.3f s, unpack %.3f s) = %.2f (target <= 1.3)\n' \
  "${result[curl]}" "${result[unpack]}" "$(echo "${result[berth]} / $floor" | bc -l)"

# Push of the pulled image to an empty registry each run: every blob is uploaded (no
# cross-repository mount can help, and podman's blob cache knows no location there).
PUSH_REGISTRY_PID=
empty_registry() {
  if [[ -n $PUSH_REGISTRY_PID ]]; then
    kill "$PUSH_REGISTRY_PID" 2>/dev/null || true
    wait "$PUSH_REGISTRY_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK/push-registry"
  local p; p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$WORK/push-registry" "$p" >"$WORK/push-registry.yml"
  docker-registry serve "$WORK/push-registry.yml" >>"$WORK/registry.log" 2>&1 &
  PUSH_REGISTRY_PID=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$p/v2/" && break; sleep 0.1; done
  PUSH_REG=127.0.0.1:$p
}
trap 'kill $PUSH_REGISTRY_PID 2>/dev/null || true; cleanup' EXIT
declare -A push
for tool in berth podman; do
  times=()
  for run in $(seq "$RUNS"); do
    empty_registry
    target=$PUSH_REG/push-$tool/run$run:latest
    if [[ $tool == berth ]]; then
      BERTH_ROOT=$WORK/berth "$BERTH" tag "$IMAGE" "$target"
      times+=("$(time_cmd env BERTH_ROOT="$WORK/berth" "$BERTH" push -q "$target")")
    else
      "${PODMAN[@]}" tag "$IMAGE" "$target"
      times+=("$(time_cmd "${PODMAN[@]}" push -q --tls-verify=false "$target")")
    fi
  done
  push[$tool]=$(printf '%s\n' "${times[@]}" | median)
  printf '%-7s push median %6.3f s  (runs: %s)\n' "$tool" "${push[$tool]}" "${times[*]}"
done
printf 'berth push is %.2fx faster than podman push (target >= 1.5x)\n' \
  "$(echo "${push[podman]} / ${push[berth]}" | bc -l)"
