# Shared by the benchmarks that run podman or a dockerd of their own (source it; needs $WORK).

# start_private_dockerd: dockerd under $WORK (its own data root and socket, no iptables, no
# bridge, overlay2), so the host's docker is neither used nor changed; sets DOCKERD_PID for
# the caller's cleanup (call it directly, not in $(…)). Fails, with dockerd's last log lines,
# when it does not answer within 10 s.
start_private_dockerd() {
  dockerd --data-root "$WORK/docker" --exec-root "$WORK/docker-exec" --pidfile "$WORK/docker.pid" \
    --host "unix://$WORK/docker.sock" --iptables=false --ip6tables=false --bridge=none \
    --storage-driver overlay2 >"$WORK/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 50); do docker -H "unix://$WORK/docker.sock" info >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "docker: dockerd did not start"; tail -5 "$WORK/dockerd.log"
  return 1
}

# setup_podman [CONF_LINES]: podman as it works on this host (runc, cgroupfs, events in a file,
# no rlimits above the hard limits, which the kernel here refuses to raise), its storage under
# $WORK; exports CONTAINERS_CONF and sets PODMAN=(podman …). CONF_LINES: more containers.conf
# (network.sh adds its netavark section).
setup_podman() {
  export CONTAINERS_CONF=$WORK/containers.conf
  printf '[containers]\ndefault_ulimits = []\npids_limit = 0\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n%s' "${1:-}" >"$CONTAINERS_CONF"
  PODMAN=(podman --root "$WORK/podman" --runroot "$WORK/podman-run" --storage-driver overlay
          --cgroup-manager cgroupfs --runtime runc --events-backend file)
}
