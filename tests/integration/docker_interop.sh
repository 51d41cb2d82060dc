#!/usr/bin/env bash
# Images Berth saves load (and run) in a real dockerd; images dockerd saves load in Berth with
# the same ID, layers and tags; `attach` answers as `docker attach` does.
source "$(dirname "$0")/lib.bash"
require_root
setup_dockerd
tar=$(busybox_tar)
id=$("$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bbx:1)

"$BERTH" save -o "$WORK/berth.tar" localhost/bbx:1
out=$("${DOCKER[@]}" load -i "$WORK/berth.tar" 2>&1) || fail "docker load: $out"
assert_eq "$("${DOCKER[@]}" image inspect --format '{{.Id}}' localhost/bbx:1)" "$id" "docker keeps the image ID"
run=$("${DOCKER[@]}" run --rm --network none localhost/bbx:1 echo hello-from-docker 2>&1) \
  || fail "docker run: $run"
assert_eq "$(echo "$run" | tail -1)" "hello-from-docker" "docker run output"
pass "docker loads and runs berth's docker-archive"

"${DOCKER[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/fromdocker:2 >/dev/null
did=$("${DOCKER[@]}" image inspect --format '{{.Id}}' localhost/fromdocker:2)
dlayers=$("${DOCKER[@]}" image inspect --format '{{json .RootFS.Layers}}' localhost/fromdocker:2)
"${DOCKER[@]}" save -o "$WORK/docker.tar" localhost/fromdocker:2
root=$WORK/root-docker
assert_eq "$("$BERTH" --root "$root" load -i "$WORK/docker.tar")" "Loaded image: localhost/fromdocker:2" "berth load of docker's archive"
assert_eq "$("$BERTH" --root "$root" inspect --format '{{.Id}}' localhost/fromdocker:2)" "$did" "image ID from docker's archive"
assert_eq "$("$BERTH" --root "$root" inspect --format '{{json .RootFS.Layers}}' localhost/fromdocker:2)" "$dlayers" "layers from docker's archive"
pass "berth loads docker's docker-archive"

# attach behaves as docker attach: the same commands on both, the same answers.
remove_containers_at_exit
attach_scene() {  # attach_scene ENGINE...: what attaching means there, one line per fact
  local e=("$@") rc
  "${e[@]}" create -i --network none --name once localhost/bbx:1 cat >/dev/null
  "${e[@]}" run -di --network none --name open localhost/bbx:1 cat >/dev/null
  echo "fields $("${e[@]}" inspect -f '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}' once open | tr '\n' ' ')"
  echo "stopped $("${e[@]}" attach once 2>&1; echo "rc=$?")"
  "${e[@]}" start once >/dev/null
  echo "once $(echo piped | timeout 10 "${e[@]}" attach once; echo "rc=$? $("${e[@]}" inspect -f '{{.State.Status}}' once)")"
  echo ignored | timeout -s KILL 2 "${e[@]}" attach --no-stdin open >/dev/null 2>&1 || true
  echo "open $("${e[@]}" inspect -f '{{.State.Status}}' open)"
  "${e[@]}" run -d --network none --name exits localhost/bbx:1 sh -c 'echo before; sleep 1.5; echo out; exit 3' >/dev/null
  rc=0; out=$("${e[@]}" attach exits </dev/null) || rc=$?
  echo "exits $out rc=$rc"
  "${e[@]}" rm -f once open exits >/dev/null
}
berth_scene=$(attach_scene "$BERTH") 2>/dev/null
docker_scene=$(attach_scene "${DOCKER[@]}") 2>/dev/null
assert_eq "$(sed 's/^stopped Error: /stopped /' <<<"$berth_scene")" "$docker_scene" "attach, berth against docker"
pass "attach: stdin fields, refusals, StdinOnce, --no-stdin, output and exit code as docker's"
