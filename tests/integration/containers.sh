#!/usr/bin/env bash
# Containers end to end with runc: run/create/start/stop/kill/rm/ps/logs/wait/inspect, exit
# codes, signals, users, limits, mounts, and that nothing is left behind.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
tar=$(busybox_tar)
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
B=("$BERTH")
remove_containers_at_exit

mounts_now() { grep -c "$WORK" /proc/self/mountinfo || true; }

# Foreground run: output, exit code, streams kept apart.
assert_eq "$("${B[@]}" run --rm localhost/bb:1 echo hello)" "hello" "foreground output"
rc=0; "${B[@]}" run --rm localhost/bb:1 sh -c 'exit 3' || rc=$?
assert_eq "$rc" 3 "container exit code"
assert_eq "$("${B[@]}" run --rm localhost/bb:1 sh -c 'echo out; echo err >&2' 2>/dev/null)" "out" "stdout alone"
assert_eq "$("${B[@]}" run --rm localhost/bb:1 sh -c 'echo out; echo err >&2' 2>&1 >/dev/null)" "err" "stderr alone"
pass "run: output, exit codes, streams"

expect_failure 127 "executable file not found" "${B[@]}" run --rm localhost/bb:1 nosuchcommand
expect_failure 125 "Unable to find image 'nosuch:latest' locally" "${B[@]}" run --rm nosuch
expect_failure 125 "empty section between colons" "${B[@]}" run --rm -v :/x localhost/bb:1 true
expect_failure 125 "mount path must be absolute" "${B[@]}" run --rm -v /tmp:rel localhost/bb:1 true
# The runtime is chosen per container; crun refuses hybrid cgroups, which berth says up front.
expect_failure 125 "unknown or invalid runtime name: kata" "${B[@]}" run --rm --runtime kata localhost/bb:1 true
if [[ -n $(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null) ]]; then
  expect_failure 125 "Use --runtime runc" "${B[@]}" run --rm --runtime crun localhost/bb:1 true
elif command -v crun >/dev/null; then
  assert_eq "$("${B[@]}" run --rm --runtime crun localhost/bb:1 echo via-crun)" "via-crun" "--runtime crun"
fi
[[ -z $("${B[@]}" ps -aq) ]] || fail "failed runs left containers: $("${B[@]}" ps -a)"
pass "bad input: Docker's messages and exit codes, nothing left"

# Environment, user, workdir, entrypoint, hostname.
printf 'FROM_FILE=1\n# comment\n' > "$WORK/env"
assert_eq "$("${B[@]}" run --rm -e A=x --env-file "$WORK/env" localhost/bb:1 sh -c 'echo $A$FROM_FILE')" "x1" "env"
assert_eq "$("${B[@]}" run --rm -u 1000 localhost/bb:1 id -u)" "1000" "-u uid"
assert_eq "$("${B[@]}" run --rm -u user localhost/bb:1 sh -c 'id -u; id -g')" "$(printf '1000\n1000')" "-u name"
assert_eq "$("${B[@]}" run --rm -u 1000:1000 localhost/bb:1 sh -c 'touch /tmp/f; stat -c %u:%g /tmp/f')" "1000:1000" "files owned by the user"
assert_eq "$("${B[@]}" run --rm -w /tmp localhost/bb:1 pwd)" "/tmp" "-w"
assert_eq "$("${B[@]}" run --rm --entrypoint /bin/echo localhost/bb:1 a b)" "a b" "--entrypoint"
assert_eq "$("${B[@]}" run --rm --hostname box localhost/bb:1 hostname)" "box" "--hostname"
pass "env, user, workdir, entrypoint, hostname"

out=$("${B[@]}" run --rm --read-only localhost/bb:1 touch /x 2>&1) && fail "--read-only allowed a write"
[[ $out == *"Read-only file system"* ]] || fail "--read-only message: $out"
mkdir -p "$WORK/host"
"${B[@]}" run --rm -v "$WORK/host:/data" localhost/bb:1 sh -c 'echo persisted > /data/f'
assert_eq "$(cat "$WORK/host/f")" "persisted" "bind mount"
out=$("${B[@]}" run --rm -v "$WORK/host:/data:ro" localhost/bb:1 touch /data/g 2>&1) && fail "ro bind writable"
assert_eq "$("${B[@]}" run --rm --tmpfs /scratch localhost/bb:1 sh -c 'grep -c " /scratch tmpfs" /proc/mounts')" "1" "--tmpfs"
pass "read-only rootfs, binds, tmpfs"

# Limits are visible in the container's cgroup files (v1 on this host; v2 where unified).
limits=$("${B[@]}" run --rm --memory 64m --pids-limit 50 --cpus 0.5 localhost/bb:1 sh -c '
  if [ -f /sys/fs/cgroup/memory.max ]; then cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max; cut -d" " -f1 /sys/fs/cgroup/cpu.max
  else cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us; fi')
assert_eq "$(echo $limits)" "67108864 50 50000" "limits in cgroup files"
pass "memory, pids and cpu limits"

# --storage-opt size= caps the writable layer (a loop-mounted ext4, base/capped_filesystem.hpp):
# a write past it fails with ENOSPC inside the container, the host's disk untouched; the cap
# stays across stop/start and diff/commit see the layer; rm leaves no loop device or mount.
loops_before=$(losetup -a | wc -l)
out=$("${B[@]}" run --rm --storage-opt size=32M localhost/bb:1 sh -c 'dd if=/dev/zero of=/big bs=1M count=64 2>&1; echo "rc=$?"')
[[ $out == *"No space left on device"* && $out == *"rc=1"* ]] || fail "a 64M write into a 32M layer: $out"
"${B[@]}" run -d --name capped --storage-opt size=32M localhost/bb:1 sh -c 'echo kept > /kept; sleep 300' >/dev/null
assert_eq "$("${B[@]}" inspect -f '{{json .HostConfig.StorageOpt}}' capped)" '{"size":"32M"}' "StorageOpt"
"${B[@]}" stop -t 0 capped >/dev/null
"${B[@]}" diff capped | grep -qx "A /kept" || fail "diff of a stopped capped container: $("${B[@]}" diff capped)"
"${B[@]}" start capped >/dev/null
size=$("${B[@]}" exec capped df -k / | awk 'NR==2 {print $2}')
((size > 16384 && size <= 32768)) || fail "the restarted container's / is $size KiB, not capped at 32M"
assert_eq "$("${B[@]}" exec capped cat /kept)" kept "the layer across stop/start"
"${B[@]}" rm -f capped >/dev/null
assert_eq "$(losetup -a | wc -l)" "$loops_before" "loop devices after rm"
expect_failure 125 "Unknown option inodes" "${B[@]}" run --rm --storage-opt inodes=10 localhost/bb:1 true
expect_failure 125 "invalid storage option" "${B[@]}" run --rm --storage-opt size localhost/bb:1 true
expect_failure 125 "the minimum is 16MiB" "${B[@]}" run --rm --storage-opt size=1m localhost/bb:1 true
pass "--storage-opt size caps the writable layer"
# A container the OOM killer ends exits 137 and says so in inspect, as in Docker.
rc=0; "${B[@]}" run --name oom --memory 8m --memory-swap 8m localhost/bb:1 sh -c 'x=a; while true; do x=$x$x$x$x; done' || rc=$?
assert_eq "$rc $("${B[@]}" inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' oom)" "137 true 137" "OOM kill"
"${B[@]}" rm oom >/dev/null

# Detached containers, ps, logs, signals to PID 1, stop escalation, wait, rm.
id=$("${B[@]}" run -d --name sig localhost/bb:1 sh -c 'trap "echo got TERM; exit 7" TERM; echo ready; while true; do sleep 0.1; done')
[[ $id =~ ^[0-9a-f]{64}$ ]] || fail "run -d printed '$id'"
for _ in $(seq 50); do [[ $("${B[@]}" logs sig) == ready ]] && break; sleep 0.1; done
row=$("${B[@]}" ps | grep "sig$") || fail "ps lacks the container: $("${B[@]}" ps)"
[[ $row =~ ^${id:0:12}\ +localhost/bb:1\ +\"sh\ -c.*\ Up\  ]] || fail "ps row: $row"
"${B[@]}" ps | head -1 | grep -qE '^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$' || fail "ps header"
assert_eq "$("${B[@]}" inspect --format '{{.State.Status}} {{.Name}}' sig)" "running /sig" "inspect running"
"${B[@]}" stop sig >/dev/null
assert_eq "$("${B[@]}" inspect --format '{{.State.ExitCode}}' sig)" "7" "SIGTERM reached PID 1"
assert_eq "$("${B[@]}" logs sig | tail -1)" "got TERM" "logs after exit"
assert_eq "$("${B[@]}" wait sig)" "7" "wait"
"${B[@]}" run -d --name stubborn localhost/bb:1 sh -c 'trap "" TERM; while true; do sleep 0.1; done' >/dev/null
start=$(date +%s)
"${B[@]}" stop -t 1 stubborn >/dev/null
(( $(date +%s) - start < 8 )) || fail "stop -t 1 did not escalate in time"
assert_eq "$("${B[@]}" inspect --format '{{.State.ExitCode}}' stubborn)" "137" "stop escalated to SIGKILL"
"${B[@]}" run -d --name killme localhost/bb:1 sh -c 'trap "exit 42" USR1; while true; do sleep 0.1; done' >/dev/null
sleep 0.3
"${B[@]}" kill -s USR1 killme >/dev/null
assert_eq "$("${B[@]}" wait killme)" "42" "kill -s USR1 reaches the handler of PID 1"
# With --init, PID 1 is catatonit/tini, which forwards the signal to the command.
"${B[@]}" run -d --init --name inited localhost/bb:1 sleep 100 >/dev/null
assert_eq "$("${B[@]}" inspect --format "{{.Path}}" inited)" "sleep" "inspect shows the command, as Docker does"
assert_eq "$("${B[@]}" exec inited cat /proc/1/cmdline | tr '\0' ' ')" "/sbin/docker-init -- sleep 100 " "--init is PID 1"
"${B[@]}" kill -s TERM inited >/dev/null
assert_eq "$("${B[@]}" wait inited)" "143" "--init forwards signals (128+15)"
"${B[@]}" rm inited >/dev/null
expect_failure 125 "is already in use" "${B[@]}" run --name killme localhost/bb:1 true
"${B[@]}" rm sig stubborn killme >/dev/null
pass "detached, ps, logs, signals, stop escalation, wait, rm"

# create + start -a, restart, rm -f of a running container.
"${B[@]}" create --name later localhost/bb:1 echo started >/dev/null
assert_eq "$("${B[@]}" ps -a --filter status=created --format '{{.Names}}')" "later" "created state"
assert_eq "$("${B[@]}" start -a later)" "started" "start -a"
"${B[@]}" run -d --name busy localhost/bb:1 sleep 100 >/dev/null
expect_failure 1 "container is running" "${B[@]}" rm busy
"${B[@]}" rm -f busy later >/dev/null
pass "create, start -a, rm -f"

# ps --size and COMMAND as Docker prints them: the writable layer's bytes, "virtual" with the
# image's (1.98MB for the busybox image), an argument with a space in single quotes.
"${B[@]}" run -d --name sized localhost/bb:1 sh -c 'head -c 123456 /dev/zero > /big; sleep 100' >/dev/null
for _ in $(seq 50); do [[ $("${B[@]}" exec sized stat -c %s /big 2>/dev/null) == 123456 ]] && break; sleep 0.1; done
assert_eq "$("${B[@]}" ps --filter name=sized --format '{{.Size}}')" "123kB (virtual $("${B[@]}" image inspect --format '{{.Size}}' localhost/bb:1 | awk '{printf "%.3g", ($1 + 123456) / 1e6}')MB)" "ps --format {{.Size}}"
assert_eq "$("${B[@]}" ps -s --filter name=sized | head -1 | awk '{print $NF}')" "SIZE" "ps -s adds a SIZE column"
assert_eq "$("${B[@]}" ps --filter name=sized | head -1 | awk '{print $NF}')" "NAMES" "no SIZE column without -s"
assert_eq "$("${B[@]}" ps --no-trunc --filter name=sized --format '{{.Command}}')" "\"sh -c 'head -c 123456 /dev/zero > /big; sleep 100'\"" "COMMAND quotes an argument with spaces"
image_bytes=$("${B[@]}" image inspect --format '{{.Size}}' localhost/bb:1)
assert_eq "$("${B[@]}" inspect -s --format '{{.SizeRw}} {{.SizeRootFs}}' sized)" "123456 $((image_bytes + 123456))" "inspect --size"
assert_eq "$("${B[@]}" inspect --format '{{json .SizeRw}}' sized)" "null" "inspect without --size has no SizeRw"
"${B[@]}" rm -f sized >/dev/null
pass "ps --size, inspect --size, COMMAND"

# exec, top, pause/unpause, diff, commit.
"${B[@]}" run -d --name work localhost/bb:1 sleep 100 >/dev/null
assert_eq "$("${B[@]}" exec work sh -c 'echo $HOSTNAME; id -u')" "$(printf '%s\n0' "$("${B[@]}" inspect --format '{{.Config.Hostname}}' work)")" "exec sees the container"
assert_eq "$("${B[@]}" exec -u 1000 -e X=y -w /tmp work sh -c 'id -u; echo $X; pwd')" "$(printf '1000\ny\n/tmp')" "exec -u -e -w"
assert_eq "$(echo piped | "${B[@]}" exec -i work cat)" "piped" "exec -i"
rc=0; "${B[@]}" exec work sh -c 'exit 4' || rc=$?
assert_eq "$rc" "4" "exec exit code"
expect_failure 127 "executable file not found" "${B[@]}" exec work nosuch
"${B[@]}" top work | grep -q "sleep 100" || fail "top: $("${B[@]}" top work)"
"${B[@]}" pause work >/dev/null
assert_eq "$("${B[@]}" inspect --format '{{.State.Status}} {{.State.Paused}}' work)" "paused true" "pause"
"${B[@]}" ps --format '{{.Status}}' --filter name=work | grep -q "(Paused)" || fail "ps shows paused"
"${B[@]}" unpause work >/dev/null
assert_eq "$("${B[@]}" inspect --format '{{.State.Status}}' work)" "running" "unpause"
"${B[@]}" exec work sh -c 'echo new > /added; rm /etc/group' 
assert_eq "$("${B[@]}" diff work | tr '\n' ' ')" "A /added C /etc D /etc/group " "diff"
img=$("${B[@]}" commit -m "from work" -c 'ENV COMMITTED=1' work localhost/committed:1)
[[ $img =~ ^sha256:[0-9a-f]{64}$ ]] || fail "commit printed '$img'"
assert_eq "$("${B[@]}" run --rm localhost/committed:1 sh -c 'cat /added; test -e /etc/group || echo gone; echo $COMMITTED')" "$(printf 'new\ngone\n1')" "committed image"
"${B[@]}" rm -f work >/dev/null
"${B[@]}" rmi localhost/committed:1 >/dev/null
pass "exec, top, pause, diff, commit"

# cp with "-" (a tar on stdout, or read from stdin) and export, as Docker writes them; a tar that
# climbs out of its destination is refused, and its symlinks resolve inside it.
"${B[@]}" run -d --name tarred localhost/bb:1 sh -c 'mkdir -p /d/sub; echo hi > /d/f; ln -s f /d/l; echo x > /d/sub/g; touch /ready; sleep 100' >/dev/null
for _ in $(seq 50); do "${B[@]}" exec tarred test -e /ready && break; sleep 0.1; done
assert_eq "$("${B[@]}" cp tarred:/d - | tar -tf - | tr '\n' ' ')" "d/ d/f d/l d/sub/ d/sub/g " "cp CONTAINER:DIR -"
assert_eq "$("${B[@]}" cp tarred:/d/. - | tar -tf - | tr '\n' ' ')" "./ ./f ./l ./sub/ ./sub/g " "cp CONTAINER:DIR/. -"
assert_eq "$("${B[@]}" cp tarred:/d/f - | tar -xOf -)" "hi" "cp CONTAINER:FILE -"
expect_failure 1 "Could not find the file /nope" "${B[@]}" cp tarred:/nope -
work_dir=$(mktemp -d)
cleanup "rm -rf '$work_dir'"
mkdir "$work_dir/in" && echo one > "$work_dir/in/new.txt" && chown 4321:4321 "$work_dir/in/new.txt"
tar -C "$work_dir/in" -cf - new.txt | "${B[@]}" cp - tarred:/d
assert_eq "$("${B[@]}" exec tarred stat -c '%u:%g %s' /d/new.txt)" "0:0 4" "cp - CONTAINER:DIR: the container's root owns it"
tar -C "$work_dir/in" -cf - new.txt | "${B[@]}" cp -a - tarred:/d/sub
assert_eq "$("${B[@]}" exec tarred stat -c '%u:%g' /d/sub/new.txt)" "4321:4321" "cp -a - keeps the tar's owners"
"${B[@]}" cp -a -q "$work_dir/in" tarred:/d/kept
"${B[@]}" cp -q "$work_dir/in" tarred:/d/rooted
"${B[@]}" exec tarred chown 7:7 /d/rooted/new.txt
"${B[@]}" cp -q "$work_dir/in/new.txt" tarred:/d/rooted/new.txt  # overwritten: root's again
assert_eq "$("${B[@]}" exec tarred stat -c '%u:%g' /d/kept/new.txt /d/rooted/new.txt | tr '\n' ' ')" "4321:4321 0:0 " "cp -a keeps the host's owners, cp gives them to root"
expect_failure 1 'destination "tarred:/d/f" must be a directory' "${B[@]}" cp - tarred:/d/f < /dev/null
expect_failure 1 'destination "tarred:/nope" must be a directory' "${B[@]}" cp - tarred:/nope < /dev/null
python3 - "$work_dir" <<'PY'
import io, sys, tarfile
def tar(path, *members):
    with tarfile.open(path, "w") as t:
        for info, data in members:
            t.addfile(info, io.BytesIO(data) if data is not None else None)
def reg(name, data):
    info = tarfile.TarInfo(name); info.size = len(data); return info, data
def sym(name, target):
    info = tarfile.TarInfo(name); info.type = tarfile.SYMTYPE; info.linkname = target; return info, None
tar(sys.argv[1] + "/climb.tar", reg("../../escaped", b"x"))
tar(sys.argv[1] + "/link.tar", sym("up", "/"), reg("up/etc/planted", b"y"))
PY
expect_failure 1 "escapes" "${B[@]}" cp - tarred:/d/sub < "$work_dir/climb.tar"
assert_eq "$("${B[@]}" exec tarred sh -c 'test -e /escaped || test -e /d/escaped || echo none')" "none" "a climbing tar wrote nothing"
"${B[@]}" cp - tarred:/d/sub < "$work_dir/link.tar"
assert_eq "$("${B[@]}" exec tarred sh -c 'cat /d/sub/etc/planted; echo; test -e /etc/planted || echo "not in /etc"')" "$(printf 'y\nnot in /etc')" "a tar's absolute symlink resolves inside the destination"
# -L follows SRC when it is a symlink (a container's inside the container), named as the link.
"${B[@]}" exec tarred ln -s /etc/passwd /d/pw
"${B[@]}" cp -q tarred:/d/l "$work_dir/kept-link"
"${B[@]}" cp -q -L tarred:/d/l "$work_dir/followed"
[[ -L $work_dir/kept-link && ! -L $work_dir/followed ]] || fail "cp -L: $(ls -l "$work_dir")"
assert_eq "$(cat "$work_dir/followed")" "hi" "cp -L CONTAINER:LINK copies the target"
"${B[@]}" cp -q -L tarred:/d/pw "$work_dir/pw"
assert_eq "$(cat "$work_dir/pw")" "$("${B[@]}" exec tarred cat /etc/passwd)" "cp -L follows a link inside the container's root"
assert_eq "$("${B[@]}" cp -L tarred:/d/l - | tar -tvf - | awk '{print substr($1, 1, 1), $NF}')" "- l" "cp -L CONTAINER:LINK -"
ln -s new.txt "$work_dir/in/hostlink"
"${B[@]}" cp -q -L "$work_dir/in/hostlink" tarred:/d/
assert_eq "$("${B[@]}" exec tarred sh -c 'test -L /d/hostlink || cat /d/hostlink')" "one" "cp -L HOSTLINK CONTAINER:DIR"
"${B[@]}" export -o "$work_dir/fs.tar" tarred
exported=$(tar -tf "$work_dir/fs.tar")
grep -qx "d/sub/etc/planted" <<<"$exported" || fail "export has the container's changes: $exported"
grep -qx "bin/busybox" <<<"$exported" || fail "export has the image's files: $exported"
assert_eq "$("${B[@]}" container export tarred | tar -xOf - d/f)" "hi" "container export to stdout"
"${B[@]}" rm -f tarred >/dev/null
pass "cp with tar streams, -a, -L; export"

# exec -d, start -ai, --label filters.
"${B[@]}" run -d --name lab1 --label team=a localhost/bb:1 sleep 100 >/dev/null
"${B[@]}" run -d --name lab2 --label team=b --label solo localhost/bb:1 sleep 100 >/dev/null
assert_eq "$("${B[@]}" ps --filter label=team=a --format '{{.Names}}')" "lab1" "--filter label=k=v"
assert_eq "$("${B[@]}" ps --filter label=team --format '{{.Names}}' | sort | tr '\n' ' ')" "lab1 lab2 " "--filter label=k"
assert_eq "$("${B[@]}" ps --filter label=solo --format '{{.Names}}')" "lab2" "--filter label without value"
# The detached process waits for a go signal: exec -d returning before it is given proves that
# exec -d did not wait.
timeout 20 "${B[@]}" exec -d lab1 sh -c 'while [ ! -e /tmp/go ]; do sleep 0.05; done; echo detached > /tmp/bg' ||
  fail "exec -d waited for its process"
"${B[@]}" exec lab1 touch /tmp/go
for _ in $(seq 50); do [[ $("${B[@]}" exec lab1 cat /tmp/bg 2>/dev/null) == detached ]] && break; sleep 0.1; done
assert_eq "$("${B[@]}" exec lab1 cat /tmp/bg)" "detached" "exec -d ran in the background"
"${B[@]}" create -i --name interactive localhost/bb:1 sh -c 'read line; echo "got $line"' >/dev/null
assert_eq "$(echo piped-in | "${B[@]}" start -ai interactive)" "got piped-in" "start -ai"
"${B[@]}" rm -f lab1 lab2 interactive >/dev/null
pass "exec -d, start -ai, label filters"

# -it gets a real terminal: the caller's size from the start, resizes, and ctrl-p ctrl-q detaches.
if command -v script >/dev/null; then
  # (script turns an ended stdin into a NUL typed at the terminal, so stdin stays open here.)
  out=$(sleep 3 | timeout 20 script -qec "stty rows 30 cols 100; '$BERTH' run -it --rm localhost/bb:1 sh -c 'tty; stty size'" /dev/null | tr -d '\r')
  assert_eq "$out" "$(printf '/dev/pts/0\n30 100')" "-t terminal and initial size"
  out=$( (sleep 1.5; printf 'stty size\n'; sleep 0.5; printf 'exit\n') |
    timeout 20 script -qec "stty rows 30 cols 100; (sleep 1; stty rows 40 cols 120 </dev/tty) & '$BERTH' run -it --rm localhost/bb:1 sh" /dev/null | tr -d '\r')
  grep -qx "40 120" <<<"$out" || fail "resize did not reach the container: $out"
  (printf 'echo typed\n'; sleep 1; printf '\x10\x11') |
    timeout 20 script -qec "'$BERTH' run -it --name detachable localhost/bb:1 sh" /dev/null >/dev/null
  assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' detachable)" "running" "ctrl-p ctrl-q detaches, the container runs on"
  "${B[@]}" rm -f detachable >/dev/null
  pass "tty size, resize, detach keys"
fi

# Named volumes outlive their containers; anonymous ones go with rm -v and --rm.
assert_eq "$("${B[@]}" volume create keep)" "keep" "volume create"
"${B[@]}" run --rm -v keep:/data localhost/bb:1 sh -c 'echo kept > /data/f'
assert_eq "$("${B[@]}" run --rm -v keep:/data:ro localhost/bb:1 cat /data/f)" "kept" "volume outlives its container"
"${B[@]}" run --rm --mount type=volume,source=keep,target=/m localhost/bb:1 test -f /m/f || fail "--mount type=volume"
"${B[@]}" run -d --name user -v keep:/data localhost/bb:1 sleep 100 >/dev/null
expect_failure 1 "volume is in use" "${B[@]}" volume rm keep
"${B[@]}" rm -f user >/dev/null
assert_eq "$("${B[@]}" volume inspect --format '{{.Name}} {{.Driver}}' keep)" "keep local" "volume inspect"
"${B[@]}" run --name anon -v /scratch localhost/bb:1 true
assert_eq "$("${B[@]}" volume ls -q | wc -l)" "2" "anonymous volume created"
"${B[@]}" rm -v anon >/dev/null
assert_eq "$("${B[@]}" volume ls -q)" "keep" "rm -v removes the anonymous volume only"
"${B[@]}" run --rm -v /scratch localhost/bb:1 true
assert_eq "$("${B[@]}" volume ls -q)" "keep" "--rm removes anonymous volumes"
expect_failure 125 "includes invalid characters for a local volume name" "${B[@]}" run --rm -v 'bad name:/x' localhost/bb:1 true
"${B[@]}" volume rm keep >/dev/null
[[ -z $("${B[@]}" volume ls -q) && -z $(ls "$BERTH_ROOT/volumes") ]] || fail "volume rm left something"
"${B[@]}" volume create dangling >/dev/null
"${B[@]}" volume prune -a -f | grep -q dangling || fail "volume prune -a"
pass "volumes"

# system df, as Docker 28 counts the same scene: a running container that wrote 123456 bytes
# (5000 more in its volume), a stopped one that wrote 1000, a volume nobody uses with 2000.
"${B[@]}" volume create df-used >/dev/null
"${B[@]}" volume create df-spare >/dev/null
"${B[@]}" run -d --name df-up -v df-used:/v localhost/bb:1 sh -c 'head -c 123456 /dev/zero > /big; head -c 5000 /dev/zero > /v/f; touch /ready; sleep 100' >/dev/null
"${B[@]}" run --name df-down localhost/bb:1 sh -c 'head -c 1000 /dev/zero > /small' >/dev/null
"${B[@]}" run --rm -v df-spare:/s localhost/bb:1 sh -c 'head -c 2000 /dev/zero > /s/f' >/dev/null
for _ in $(seq 50); do "${B[@]}" exec df-up test -e /ready 2>/dev/null && break; sleep 0.1; done
df_rows=$("${B[@]}" system df --format '{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}')
assert_eq "$("${B[@]}" ps -aq | wc -l) $("${B[@]}" volume ls -q | wc -l)" "2 2" "system df's scene is alone"
assert_eq "$(grep '^Containers' <<<"$df_rows")" "Containers|2|1|124.5kB|1kB (0%)" "system df: containers"
assert_eq "$(grep '^Local Volumes' <<<"$df_rows")" "Local Volumes|2|1|7kB|2kB (28%)" "system df: volumes"
assert_eq "$(grep '^Images' <<<"$df_rows" | cut -d'|' -f2)" "$("${B[@]}" images -q | sort -u | wc -l)" "system df: images"
"${B[@]}" system df | head -1 | grep -q "^TYPE  *TOTAL  *ACTIVE  *SIZE  *RECLAIMABLE$" || fail "system df header"
expect_failure 1 "not supported yet" "${B[@]}" system df -v
"${B[@]}" rm -f df-up df-down >/dev/null
"${B[@]}" volume rm df-used df-spare >/dev/null
pass "system df"

# Logs: tail, timestamps, since/until, rotation; --cidfile; a dead shim is reported.
"${B[@]}" run --name chatty --log-opt max-size=2k --log-opt max-file=3 --cidfile "$WORK/cid" localhost/bb:1 \
  sh -c 'i=0; while [ $i -lt 200 ]; do echo "line $i"; i=$((i+1)); done' >/dev/null
assert_eq "$(cat "$WORK/cid")" "$("${B[@]}" inspect --format '{{.Id}}' chatty)" "--cidfile"
assert_eq "$("${B[@]}" logs --tail 2 chatty | tr '\n' ' ')" "line 198 line 199 " "logs --tail"
"${B[@]}" logs -t --tail 1 chatty | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z line 199$' || fail "logs -t: $("${B[@]}" logs -t --tail 1 chatty)"
[[ -z $("${B[@]}" logs --until 2000-01-01T00:00:00Z chatty) ]] || fail "logs --until"
[[ -z $("${B[@]}" logs --since 2099-01-01T00:00:00Z chatty) ]] || fail "logs --since"
log=$("${B[@]}" inspect --format '{{.LogPath}}' chatty)
[[ -f $log.1 && ! -f $log.3 ]] || fail "rotation: $(ls "$(dirname "$log")")"
for f in "$log" "$log".*; do (( $(stat -c %s "$f") <= 2048 )) || fail "$f exceeds max-size"; done
"${B[@]}" rm chatty >/dev/null
"${B[@]}" run -d --name orphan localhost/bb:1 sleep 100 >/dev/null
shim=$(ps -eo pid=,comm=,args= | awk '$2 == "berth-shim" && /orphan|'"$("${B[@]}" inspect --format '{{.Id}}' orphan)"'/ {print $1}')
[[ -n $shim ]] || fail "no shim found for orphan"
kill -9 $shim
assert_eq "$("${B[@]}" inspect --format '{{.State.Status}}' orphan)" "exited" "a container whose shim died is exited"
"${B[@]}" inspect --format '{{.State.Error}}' orphan | grep -q "shim exited unexpectedly" || fail "no reason given"
"${B[@]}" rm -f orphan >/dev/null
[[ $(mounts_now) -eq 0 ]] || fail "the dead shim's container left mounts"
runc --root /run/berth/runc list -q | grep -q . && fail "runc state left: $(runc --root /run/berth/runc list)"
pass "logs, rotation, cidfile, dead shim"

# stats reads the container's cgroup.
"${B[@]}" run -d --name busy2 --memory 64m localhost/bb:1 sh -c 'sleep 100 & while true; do :; done' >/dev/null
stats=$("${B[@]}" stats --no-stream --format '{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}' busy2)
[[ $stats =~ ^busy2\|[0-9]+\.[0-9]{2}%\|[0-9.]+[KMG]?i?B\ /\ 64MiB\|2$ ]] || fail "stats: $stats"
"${B[@]}" stats --no-stream | head -1 | grep -qE '^CONTAINER ID +NAME +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O +PIDS$' || fail "stats header"
"${B[@]}" rm -f busy2 >/dev/null
pass "stats"

# cp both ways; symlinks planted in the container resolve inside it (CVE-2018-15664 class).
mkdir -p "$WORK/cp/in/sub"; echo hello > "$WORK/cp/in/sub/f"; echo top > "$WORK/cp/file.txt"
"${B[@]}" run -d --name cpc localhost/bb:1 sh -c "ln -s /etc /evil; ln -s ../../../../../..$WORK /climb; mkdir /d; echo data > /d/x; sleep 100" >/dev/null
for _ in $(seq 50); do "${B[@]}" exec cpc test -e /d/x 2>/dev/null && break; sleep 0.1; done
"${B[@]}" cp -q "$WORK/cp/file.txt" cpc:/d/
"${B[@]}" cp -q "$WORK/cp/in" cpc:/d
assert_eq "$("${B[@]}" exec cpc cat /d/file.txt /d/in/sub/f)" "$(printf 'top\nhello')" "cp into a container"
"${B[@]}" cp -q cpc:/d "$WORK/cp/out"
assert_eq "$(cat "$WORK/cp/out/x" "$WORK/cp/out/in/sub/f")" "$(printf 'data\nhello')" "cp out of a container"
"${B[@]}" cp -q "$WORK/cp/file.txt" cpc:/evil/escaped.txt
[[ ! -e /etc/escaped.txt ]] || { rm -f /etc/escaped.txt; fail "cp wrote through a container symlink onto the host"; }
"${B[@]}" exec cpc test -f /etc/escaped.txt || fail "cp through /evil should land in the container's /etc"
expect_failure 1 "Could not find the file /climb in container" "${B[@]}" cp "$WORK/cp/file.txt" cpc:/climb/escaped2.txt
[[ ! -e $WORK/escaped2.txt ]] || fail "cp climbed out of the rootfs"
expect_failure 1 "Could not find the file /climb/cp/file.txt in container" "${B[@]}" cp cpc:/climb/cp/file.txt "$WORK/stolen"
[[ ! -e $WORK/stolen ]] || fail "cp read a host file through a container symlink"
"${B[@]}" stop -t 0 cpc >/dev/null
"${B[@]}" cp -q "$WORK/cp/file.txt" cpc:/stopped.txt
[[ $(mounts_now) -eq 0 ]] || fail "cp into a stopped container left its rootfs mounted"
"${B[@]}" rm cpc >/dev/null
pass "cp"

# A container survives the CLI being killed.
"${B[@]}" run --name survivor localhost/bb:1 sleep 100 >/dev/null 2>&1 &
cli=$!
for _ in $(seq 50); do [[ $("${B[@]}" inspect --format '{{.State.Status}}' survivor 2>/dev/null) == running ]] && break; sleep 0.1; done
kill -9 $cli; wait $cli 2>/dev/null || true
sleep 0.3
assert_eq "$("${B[@]}" inspect --format '{{.State.Status}}' survivor)" "running" "survives a killed CLI"
"${B[@]}" rm -f survivor >/dev/null
pass "container survives its CLI"

# Restart policies work with no CLI process around: the shim's exit command restarts.
"${B[@]}" run -d --name flaky --restart on-failure:2 localhost/bb:1 sh -c 'echo run; exit 1' >/dev/null
for _ in $(seq 100); do
  [[ $("${B[@]}" inspect --format '{{.RestartCount}} {{.State.Status}}' flaky) == "2 exited" ]] && break
  sleep 0.1
done
assert_eq "$("${B[@]}" inspect --format '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}' flaky)" "2 exited 1" "on-failure:2"
assert_eq "$("${B[@]}" logs flaky | grep -c run)" "3" "three runs logged"
"${B[@]}" run -d --name always --restart always localhost/bb:1 sh -c 'sleep 0.2' >/dev/null
for _ in $(seq 100); do
  (( $("${B[@]}" inspect --format '{{.RestartCount}}' always) >= 2 )) && break
  sleep 0.1
done
(( $("${B[@]}" inspect --format '{{.RestartCount}}' always) >= 2 )) || fail "always did not restart"
"${B[@]}" stop -t 1 always >/dev/null
sleep 1
assert_eq "$("${B[@]}" inspect --format '{{.State.Status}}' always)" "exited" "a stopped container stays stopped"
expect_failure 125 "cannot specify both --restart and --rm" "${B[@]}" run --rm --restart always localhost/bb:1 true
"${B[@]}" rm -f flaky always >/dev/null
pass "restart policies"

# --rm leaves nothing behind: no container dir, mount, cgroup or process.
"${B[@]}" run --rm localhost/bb:1 true
[[ -z $(ls "$BERTH_ROOT/containers") ]] || fail "container dirs left: $(ls "$BERTH_ROOT/containers")"
[[ $(mounts_now) -eq 0 ]] || fail "mounts left: $(grep "$WORK" /proc/self/mountinfo)"
[[ -z $(find /sys/fs/cgroup -maxdepth 3 -path '*/berth/*' -type d 2>/dev/null) ]] || fail "cgroups left: $(find /sys/fs/cgroup -maxdepth 3 -path '*/berth/*' -type d)"
pass "--rm leaves nothing"

# 50 containers started in parallel and removed leave mounts, processes and cgroups as they were.
snapshot() {
  grep -c . /proc/self/mountinfo
  # Live shims only: exited ones linger as zombies until the host's init reaps them.
  echo "shims $(ps -eo stat=,comm= | awk '$2 == "berth-shim" && $1 !~ /Z/' | wc -l) sleepers $(pgrep -fc 'sleep 1000' || true)"
  find /sys/fs/cgroup -maxdepth 3 -path '*/berth*' -type d 2>/dev/null | sort
}
before=$(snapshot)
for i in $(seq 50); do "${B[@]}" run -d --name "many$i" localhost/bb:1 sleep 1000 >/dev/null & done
wait
assert_eq "$("${B[@]}" ps -q | wc -l)" "50" "50 running"
"${B[@]}" rm -f $("${B[@]}" ps -aq) >/dev/null
for _ in $(seq 50); do after=$(snapshot); [[ $after == "$before" ]] && break; sleep 0.1; done
assert_eq "$after" "$before" "host state after 50 containers"
pass "50 parallel containers leave no trace"
