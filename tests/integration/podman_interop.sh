#!/usr/bin/env bash
# Images Berth saves load and run in podman and pass skopeo inspect; images podman saves load
# in Berth with the same ID (config digest), layer digests and tags.
source "$(dirname "$0")/lib.bash"
require_root
require_tool skopeo
require_tool jq
setup_podman
tar=$(busybox_tar)
id=$("$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bbx:1)
diff_ids=$("$BERTH" inspect --format '{{json .RootFS.Layers}}' localhost/bbx:1)

for format in docker-archive oci-archive; do
  archive=$WORK/berth-$format.tar
  "$BERTH" save --format $format -o "$archive" localhost/bbx:1
  info=$(skopeo inspect --raw "$format:$archive" 2>&1) || fail "skopeo inspect --raw $format: $info"
  config=$(skopeo inspect --config "$format:$archive") || fail "skopeo inspect --config $format"
  assert_eq "$(echo "$config" | jq -c .rootfs.diff_ids)" "$diff_ids" "skopeo sees our diff_ids ($format)"
  skopeo inspect "$format:$archive" >/dev/null || fail "skopeo inspect $format"
  pass "skopeo inspect $format:"

  out=$("${PODMAN[@]}" load -i "$archive" 2>&1) || fail "podman load $format: $out"
  podman_id=$("${PODMAN[@]}" image inspect --format '{{.Id}}' localhost/bbx:1)
  assert_eq "sha256:$podman_id" "$id" "podman keeps the image ID ($format)"
  run=$("${PODMAN[@]}" run --rm --network none localhost/bbx:1 echo hello-from-podman 2>&1) \
    || fail "podman run ($format): $run"
  assert_eq "$(echo "$run" | tail -1)" "hello-from-podman" "podman run output"
  "${PODMAN[@]}" rmi -f localhost/bbx:1 >/dev/null
  pass "podman loads and runs berth's $format"
done

# The other direction: podman saves, Berth loads.
"${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$tar" localhost/frompodman:2 >/dev/null
pid=$("${PODMAN[@]}" image inspect --format '{{.Id}}' localhost/frompodman:2)
players=$("${PODMAN[@]}" image inspect --format '{{json .RootFS.Layers}}' localhost/frompodman:2)
for format in docker-archive oci-archive; do
  archive=$WORK/podman-$format.tar
  "${PODMAN[@]}" save --format $format -o "$archive" localhost/frompodman:2
  root=$WORK/root-$format
  out=$("$BERTH" --root "$root" load -i "$archive")
  assert_eq "$out" "Loaded image: localhost/frompodman:2" "berth load of podman's $format"
  assert_eq "$("$BERTH" --root "$root" inspect --format '{{.Id}}' localhost/frompodman:2)" "sha256:$pid" "image ID from podman's $format"
  assert_eq "$("$BERTH" --root "$root" inspect --format '{{json .RootFS.Layers}}' localhost/frompodman:2)" "$players" "layers from podman's $format"
  rm -rf "$root"
  pass "berth loads podman's $format"
done
