#!/usr/bin/env bash
# Killing `berth load` with SIGKILL at any moment leaves a store in which every listed image is
# complete (all blobs verify, all snapshots present), and a later load and prune recover fully.
# Kills happen at each named crash point (BERTH_CRASH_AT) and at several timed moments.
source "$(dirname "$0")/lib.bash"
require_root
archive=$WORK/layered.tar
"$SOURCE_DIR/scripts/make-layered-archive" "$archive" --layers 4 --mib-per-layer 8 --images 2 --tag localhost/crash:latest

# Every image the store lists must be whole: save re-reads and verifies every blob, and each
# layer's snapshot directory must exist.
check_store() {
  local root=$1 id
  for id in $("$BERTH" --root "$root" images -q --no-trunc); do
    "$BERTH" --root "$root" save -o /dev/null "$id" || fail "listed image $id is incomplete"
    dirs=$("$BERTH" --root "$root" inspect --format '{{.GraphDriver.Data.LowerDir}}:{{.GraphDriver.Data.UpperDir}}' "$id")
    for dir in ${dirs//:/ }; do
      [[ -d $dir ]] || fail "snapshot $dir of $id is missing"
    done
  done
}

recover_and_verify() {
  local root=$1
  out=$("$BERTH" --root "$root" load -i "$archive") || fail "load after crash failed: $out"
  [[ $(echo "$out" | grep -c "Loaded image: localhost/crash:") -eq 2 ]] || fail "reload output: $out"
  check_store "$root"
  [[ $("$BERTH" --root "$root" images -q | wc -l) -eq 2 ]] || fail "expected 2 images after reload"
  "$BERTH" --root "$root" image prune -a -f >/dev/null
  [[ -z $(ls "$root/blobs/sha256") && -z $(ls "$root/snapshots") ]] || fail "prune left content behind"
  [[ -z $(ls "$root/blobs/ingest") && -z $(ls "$root/snapshots/.ingest") ]] || fail "prune left ingest leftovers"
}

for point in before-blob-publish before-snapshot-publish after-snapshot-publish before-image-commit after-image-commit; do
  root=$WORK/root-$point
  rc=0
  BERTH_CRASH_AT=$point "$BERTH" --root "$root" load -i "$archive" >/dev/null 2>&1 || rc=$?
  [[ $rc -eq 137 ]] || fail "load did not die at $point (exit $rc)"
  check_store "$root"
  listed=$("$BERTH" --root "$root" images -q | wc -l)
  expected=0; [[ $point == after-image-commit ]] && expected=1
  [[ $listed -eq $expected ]] || fail "after a crash at $point, $listed images are listed, expected $expected"
  recover_and_verify "$root"
  rm -rf "$root"
  pass "SIGKILL at $point leaves a consistent store"
done

for delay in 0.02 0.05 0.1 0.2 0.4 0.8; do
  root=$WORK/root-timed
  "$BERTH" --root "$root" load -i "$archive" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  check_store "$root"
  recover_and_verify "$root"
  rm -rf "$root"
  pass "SIGKILL after ${delay}s leaves a consistent store"
done

# Two loads of the same archive at once end with both images loaded once.
root=$WORK/root-concurrent
"$BERTH" --root "$root" load -i "$archive" >/dev/null & p1=$!
"$BERTH" --root "$root" load -i "$archive" >/dev/null & p2=$!
wait $p1 || fail "first concurrent load failed"
wait $p2 || fail "second concurrent load failed"
check_store "$root"
[[ $("$BERTH" --root "$root" images -q | wc -l) -eq 2 ]] || fail "concurrent loads: wrong image count"
pass "concurrent loads of one archive"
