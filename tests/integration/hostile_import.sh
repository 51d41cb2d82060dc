#!/usr/bin/env bash
# Every hostile layer in tests/data/hostile, imported through the CLI as root, fails with the
# exact error the corpus expects (or is contained), writes nothing outside the store, and
# leaves no image, blob or snapshot behind.
source "$(dirname "$0")/lib.bash"
require_root
corpus=$SOURCE_DIR/tests/data/hostile
sentinel=$WORK/sentinel
mkdir -p "$sentinel"
# The corpus aims every escape at a file named berth-hostile-probe* (or into ../sentinel).
probes() {
  { find "$WORK" -name 'berth-hostile-probe*' -not -path "$BERTH_ROOT/snapshots/*/*"
    find / /etc /tmp /root -maxdepth 1 -name 'berth-hostile-probe*'; } 2>/dev/null | sort
}
before=$(probes)

while IFS=$'\t' read -r file expected; do
  [[ -z $file || $file == \#* ]] && continue
  out=$("$BERTH" import "$corpus/$file" "localhost/hostile:${file%.tar}" 2>&1) && fail "$file was imported: $out"
  [[ $out == *"$expected"* ]] || fail "$file: expected error containing '$expected', got: $out"
  [[ -z $("$BERTH" images -q) ]] || fail "$file left an image"
done < "$corpus/expected.tsv"
pass "every rejected case fails with its expected error"

while IFS=$'\t' read -r file _; do
  [[ -z $file || $file == \#* ]] && continue
  "$BERTH" import "$corpus/$file" "localhost/contained:${file%.tar}" >/dev/null || fail "$file (contained case) was refused"
done < "$corpus/contained.tsv"
pass "contained cases import"

"$BERTH" image prune -a -f >/dev/null
[[ -z $(ls "$BERTH_ROOT/snapshots") ]] || fail "snapshots left: $(ls "$BERTH_ROOT/snapshots")"
[[ -z $(ls "$BERTH_ROOT/snapshots/.ingest") ]] || fail "unpack leftovers: $(ls "$BERTH_ROOT/snapshots/.ingest")"
[[ -z $(ls -A "$sentinel") ]] || fail "something was written next to the store"
after=$(probes)
[[ $before == "$after" ]] || fail "probe files appeared outside the store: $(comm -13 <(echo "$before") <(echo "$after"))"
pass "nothing written outside the store"
