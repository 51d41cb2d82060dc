#!/usr/bin/env bash
# import, images, tag, inspect, history, save/load round trips, rmi and prune through the CLI.
source "$(dirname "$0")/lib.bash"
require_root
require_tool file
tar=$(busybox_tar)

id=$("$BERTH" import --change 'CMD ["/bin/sh"]' -c 'ENV A=1' -m "from test" "$tar" busybox:test)
[[ $id =~ ^sha256:[0-9a-f]{64}$ ]] || fail "import printed '$id'"
pass "import prints the image ID"

out=$("$BERTH" images)
head=$(echo "$out" | head -1)
[[ $head =~ ^REPOSITORY\ +TAG\ +IMAGE\ ID\ +CREATED\ +SIZE$ ]] || fail "images header: $head"
echo "$out" | grep -qE "^busybox +test +${id:7:12} +(Less than a second|[0-9]+ seconds) ago +[0-9.]+MB$" \
  || fail "images row: $out"
pass "images shows Docker's columns"

assert_eq "$("$BERTH" images -q)" "${id:7:12}" "images -q"
assert_eq "$("$BERTH" images --format '{{.Repository}}:{{.Tag}}')" "busybox:test" "--format"
assert_eq "$("$BERTH" image inspect --format '{{json .Config.Cmd}}' busybox:test)" '["/bin/sh"]' "inspect Cmd"
assert_eq "$("$BERTH" image inspect --format '{{index .Config.Env 0}}' busybox:test)" 'A=1' "inspect Env"
assert_eq "$("$BERTH" inspect --format '{{.Id}}' "${id:7:6}")" "$id" "inspect by short ID"
assert_eq "$("$BERTH" inspect --format '{{.Comment}}' busybox:test)" "from test" "import message"
pass "inspect and --format"

"$BERTH" tag busybox:test localhost/other:v1
assert_eq "$("$BERTH" images --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')" \
  "busybox:test localhost/other:v1 " "tag"
expect_failure 1 "No such image: nosuch:latest" "$BERTH" tag nosuch x
expect_failure 1 "invalid reference format" "$BERTH" import "$tar" 'Bad:Name'
pass "tag"

hist=$("$BERTH" history busybox:test)
echo "$hist" | head -1 | grep -qE '^IMAGE +CREATED +CREATED BY +SIZE +COMMENT$' || fail "history header: $hist"
echo "$hist" | sed -n 2p | grep -q "from test" || fail "history row: $hist"
pass "history"

for format in docker-archive oci-archive; do
  "$BERTH" save --format $format -o "$WORK/$format.tar" busybox:test
  tar -tf "$WORK/$format.tar" >/dev/null || fail "$format is not a tar"
  other=$WORK/root-$format
  out=$("$BERTH" --root "$other" load -i "$WORK/$format.tar")
  assert_eq "$out" "Loaded image: busybox:test" "load $format"
  assert_eq "$("$BERTH" --root "$other" inspect --format '{{.Id}}' busybox:test)" "$id" "same ID after $format round trip"
  rm -rf "$other"
done
gzip -c "$WORK/docker-archive.tar" > "$WORK/docker-archive.tar.gz"
out=$("$BERTH" --root "$WORK/root-gz" load < "$WORK/docker-archive.tar.gz")
assert_eq "$out" "Loaded image: busybox:test" "gzipped load from stdin"
rm -rf "$WORK/root-gz"
pass "save/load round trips keep the image ID"

expect_failure 1 "not an image archive" "$BERTH" load -i "$tar"
expect_failure 1 "No such image" "$BERTH" save -o "$WORK/x.tar" nosuch
[[ ! -e $WORK/x.tar ]] || fail "failed save left a file"
pass "bad input fails cleanly"

expect_failure 1 "must be forced" "$BERTH" rmi "${id:7:12}"
out=$("$BERTH" rmi localhost/other:v1)
assert_eq "$out" "Untagged: localhost/other:v1" "rmi of one tag only untags"
out=$("$BERTH" rmi busybox:test)
echo "$out" | grep -q "^Deleted: $id$" || fail "rmi last tag deletes: $out"
[[ -z $("$BERTH" images -q) ]] || fail "image still listed"
[[ -z $(ls "$BERTH_ROOT/blobs/sha256") ]] || fail "blobs left behind: $(ls "$BERTH_ROOT/blobs/sha256")"
[[ -z $(ls "$BERTH_ROOT/snapshots") ]] || fail "snapshots left behind"
pass "rmi removes content no image uses"

"$BERTH" import "$tar" >/dev/null
"$BERTH" import "$tar" keep:me >/dev/null
assert_eq "$("$BERTH" images --filter dangling=true --format '{{.Tag}}')" "<none>" "dangling filter"
"$BERTH" image prune -f | grep -q "Total reclaimed space" || fail "prune output"
assert_eq "$("$BERTH" images --format '{{.Repository}}')" "keep" "prune keeps tagged images"
"$BERTH" image prune -a -f >/dev/null
[[ -z $("$BERTH" images -q) ]] || fail "prune -a"
pass "image prune"
