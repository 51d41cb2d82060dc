# Shared helpers for integration tests. Each test sources this file, calls the require_*
# checks it needs (exit 77 = skipped, with the reason printed), and uses $WORK, which is
# removed on exit together with everything the test registered with `cleanup`.
set -euo pipefail

BERTH=${BERTH:?BERTH must point at the berth binary}
SOURCE_DIR=${BERTH_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
WORK=$(mktemp -d /tmp/berth-it-XXXXXX)
export BERTH_ROOT=$WORK/root
CLEANUPS=()

cleanup() { CLEANUPS+=("$*"); }
_run_cleanups() {
  local status=$?
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  # Containers run on a bridge network by default: its bridge, firewall rules and namespaces
  # belong to this root and go with it.
  if [[ -e $BERTH_ROOT/berth.db && $(id -u) -eq 0 ]]; then
    "$BERTH" system reset -f >/dev/null 2>&1 || echo "cleanup: berth system reset failed" >&2
  fi
  # The host-wide network locks and DNS dir, once no Berth network is left on the host.
  if [[ $(id -u) -eq 0 ]] && ! nft list table ip berth >/dev/null 2>&1; then
    rm -f /run/berth/network.lock /run/berth/aardvark-dns.lock
    rmdir /run/berth/aardvark-dns /run/berth/netns /run/berth 2>/dev/null || true
  fi
  # Whatever a failed test left mounted under $WORK (capped filesystems, overlays), deepest first.
  if [[ $(id -u) -eq 0 ]]; then
    awk -v w="$WORK" '$5 == w || index($5, w "/") == 1 {print $5}' /proc/self/mountinfo |
      sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit $status
}
trap _run_cleanups EXIT

# At exit: this root's containers, then the parent cgroups runc leaves (/berth) and Berth's run
# dirs, each when empty (rmdir refuses non-empty ones: a real installation's stay untouched).
remove_containers_at_exit() {
  cleanup "rmdir /sys/fs/cgroup/*/berth /sys/fs/cgroup/berth /run/berth/runc /run/berth/crun /run/berth/netns /run/berth 2>/dev/null"
  cleanup "'$BERTH' rm -f \$('$BERTH' ps -aq) >/dev/null 2>&1"
}

skip() { echo "SKIPPED: $*"; exit 77; }
require_root() { [[ $(id -u) -eq 0 ]] || skip "needs root"; }
require_tool() { command -v "$1" >/dev/null 2>&1 || skip "needs $1 (apt-get install ${2:-$1})"; }

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

# Asserts that a command fails with the given exit code and that stderr contains a text.
expect_failure() {
  local code=$1 text=$2; shift 2
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  [[ $rc -eq $code ]] || fail "'$*' exited $rc, expected $code; output: $out"
  [[ $out == *"$text"* ]] || fail "'$*' output lacks '$text': $out"
}

# Containers on bridge networks: root, runc, nftables and aardvark-dns, or the test is skipped.
require_bridge_networking() {
  require_root
  require_tool runc
  require_tool nft nftables
  [[ -x /usr/lib/podman/aardvark-dns ]] || skip "needs aardvark-dns (apt-get install aardvark-dns)"
}

# Imports the busybox rootfs as localhost/bb:1 (CMD /bin/sh) into this test's root.
import_busybox() {
  "$BERTH" import -c 'CMD ["/bin/sh"]' "$(busybox_tar)" localhost/bb:1 >/dev/null
}

assert_eq() { [[ "$1" == "$2" ]] || fail "${3:-values differ}: '$1' != '$2'"; }

busybox_tar() {
  local out=$WORK/busybox-rootfs.tar
  [[ -f $out ]] || "$SOURCE_DIR/scripts/make-busybox-rootfs" "$out"
  echo "$out"
}

# Podman configured for this host: runc, cgroupfs, vfs-free overlay storage in $WORK, and no
# rlimits above the hard limits (the kernel here refuses to raise them).
setup_podman() {
  require_tool podman
  export CONTAINERS_STORAGE_CONF=$WORK/podman/storage.conf
  export CONTAINERS_CONF=$WORK/podman/containers.conf
  mkdir -p "$WORK/podman"
  cat > "$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$WORK/podman/graph"
runroot = "$WORK/podman/run"
CONF
  cat > "$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = []
pids_limit = 0
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  PODMAN=(podman --root "$WORK/podman/graph" --runroot "$WORK/podman/run" \
    --storage-driver overlay --cgroup-manager cgroupfs --runtime runc --events-backend file)
  cleanup "'${PODMAN[@]}' rm -af >/dev/null 2>&1; '${PODMAN[@]}' system reset -f >/dev/null 2>&1; umount -R '$WORK/podman' 2>/dev/null"
}

# A private dockerd (Debian's docker.io) for interop tests, with its state under $WORK and no
# firewall or bridge changes on the host. Sets DOCKER=(docker -H …).
setup_dockerd() {
  require_tool dockerd docker.io
  require_tool docker docker.io
  local sock=$WORK/docker/docker.sock
  mkdir -p "$WORK/docker"
  dockerd --data-root "$WORK/docker/data" --exec-root "$WORK/docker/exec" \
    --pidfile "$WORK/docker/docker.pid" --host "unix://$sock" \
    --iptables=false --ip6tables=false --bridge=none --storage-driver overlay2 \
    >"$WORK/docker/dockerd.log" 2>&1 &
  local pid=$!
  cleanup "kill $pid 2>/dev/null; wait $pid 2>/dev/null; umount -R '$WORK/docker' 2>/dev/null"
  DOCKER=(docker -H "unix://$sock")
  for _ in $(seq 100); do "${DOCKER[@]}" info >/dev/null 2>&1 && return 0; sleep 0.2; done
  tail -5 "$WORK/docker/dockerd.log"
  skip "dockerd did not start (log above)"
}
