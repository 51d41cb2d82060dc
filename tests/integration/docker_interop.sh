#!/usr/bin/env bash
# Images Berth saves load (and run) in a real dockerd; images dockerd saves load in Berth with
# the same ID, layers and tags.
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
