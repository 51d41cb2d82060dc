#!/usr/bin/env bash
# The unit tests must pass without root: run them again as nobody (uid 65534).
source "$(dirname "$0")/lib.bash"
require_root
require_tool setpriv util-linux
unit_tests=$(dirname "$BERTH")/unit_tests
[[ -x $unit_tests ]] || fail "no unit test binary at $unit_tests"
chmod 0777 "$WORK"
cd "$WORK"
out=$(TMPDIR=$WORK setpriv --reuid=65534 --regid=65534 --clear-groups "$unit_tests" 2>&1) \
  || { echo "$out" | grep -E "FAILED|Failure" | head -40; fail "unit tests fail as an unprivileged user"; }
echo "$out" | tail -3
pass "unit tests pass as uid 65534"
