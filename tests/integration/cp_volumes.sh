#!/usr/bin/env bash
# `berth cp` sees a container's volumes and bind mounts where its processes do, running or
# stopped, as `docker cp` does: copies into them reach the volume (and the host directory of a
# bind), copies out read them, a read-only one (or a --read-only rootfs outside its volumes)
# refuses a copy in with Docker's words (checked on Docker 28.2.2), and nothing stays mounted
# on the host. A named volume is created on first use by `run -v`.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
import_busybox
B=("$BERTH")
remove_containers_at_exit
mounts_now() { grep -c "$WORK" /proc/self/mountinfo || true; }

# --- a named volume is made on first use, as docker run -v makes it -------------------------------
"${B[@]}" run --rm --network none -v fresh:/data localhost/bb:1 sh -c 'echo made > /data/f'
assert_eq "$("${B[@]}" run --rm --network none -v fresh:/data localhost/bb:1 cat /data/f)" "made" "run -v NEW:/data"
pass "run -v creates a named volume on first use"

mkdir -p "$WORK/host"
echo on-host >"$WORK/host/h.txt"
echo copied >"$WORK/in.txt"
before=$(mounts_now)
"${B[@]}" run -d --network none --name box -v vol:/data -v "$WORK/host:/bind" -v ro:/ro:ro \
  --tmpfs /scratch localhost/bb:1 sleep 1000 >/dev/null

# --- running: into and out of a volume, a bind, a read-only volume, a tmpfs --------------------------
"${B[@]}" cp -q "$WORK/in.txt" box:/data/in.txt
assert_eq "$("${B[@]}" exec box cat /data/in.txt)" "copied" "cp into a volume: the container sees it"
"${B[@]}" cp -q "$WORK/in.txt" box:/bind/
assert_eq "$(cat "$WORK/host/in.txt")" "copied" "cp into a bind mount: the host directory has it"
"${B[@]}" cp -q box:/bind/h.txt "$WORK/out.txt"
assert_eq "$(cat "$WORK/out.txt")" "on-host" "cp out of a bind mount"
assert_eq "$("${B[@]}" cp box:/data - | tar -xO -f - data/in.txt)" "copied" "cp out of a volume as a tar"
expect_failure 1 "mounted volume is marked read-only" "${B[@]}" cp "$WORK/in.txt" box:/ro/x
expect_failure 1 "tmpfs mounted at /scratch is not supported yet" "${B[@]}" cp "$WORK/in.txt" box:/scratch/x
expect_failure 1 "Could not find the file /data/nosuch in container" "${B[@]}" cp box:/data/nosuch "$WORK/x"
# A path that only names the volume lexically stays on the rootfs: /data/../etc is /etc.
"${B[@]}" cp -q box:/data/../etc/passwd "$WORK/passwd"
grep -q "^root:" "$WORK/passwd" || fail "cp box:/data/../etc/passwd"
pass "running: volumes and binds in and out, read-only and tmpfs refused"

# --- stopped: the volume is still where the container's path says -------------------------------------
"${B[@]}" stop -t 0 box >/dev/null
"${B[@]}" cp -q box:/data/in.txt "$WORK/back.txt"
assert_eq "$(cat "$WORK/back.txt")" "copied" "cp out of a stopped container's volume"
"${B[@]}" cp -q "$WORK/in.txt" box:/data/again.txt
"${B[@]}" start box >/dev/null
assert_eq "$("${B[@]}" exec box ls /data | tr '\n' ' ')" "again.txt in.txt " "copied in while stopped"
"${B[@]}" rm -f box >/dev/null
assert_eq "$(mounts_now)" "$before" "nothing of the copies stays mounted"
pass "stopped: volumes in and out, nothing left mounted"

# --- a read-only rootfs takes copies into its volumes only ------------------------------------------
"${B[@]}" create --network none --read-only --name sealed -v sealed-data:/data localhost/bb:1 true >/dev/null
expect_failure 1 "container rootfs is marked read-only" "${B[@]}" cp "$WORK/in.txt" sealed:/in.txt
"${B[@]}" cp -q "$WORK/in.txt" sealed:/data/in.txt
"${B[@]}" cp -q sealed:/etc/passwd "$WORK/sealed-passwd"
pass "--read-only: copies in refused outside its volumes, as Docker's"
