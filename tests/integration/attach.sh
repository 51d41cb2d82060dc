#!/usr/bin/env bash
# `berth attach` as `docker attach` behaves (each expectation below was observed on Docker
# 28.2.2 with the same commands): output from now on and the container's exit code; stdin to a
# `create -i` container ends it (StdinOnce) while a `run -di` container's stdin outlives its
# clients; --no-stdin clients neither write nor close; a tty gets the caller's size, redraws,
# and detaches with the detach keys ("read escape sequence", exit 1); signals are passed on
# unless --sig-proxy=false (by `run` as well); stopped and paused containers are refused with Docker's words.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
import_busybox
B=("$BERTH")
remove_containers_at_exit
run_d() { "${B[@]}" run -d --network none "$@" >/dev/null; }
state() { "${B[@]}" inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$1"; }
stdin_fields() { "${B[@]}" inspect -f '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}' "$1"; }

# --- what attaching means for stdin: Docker's AttachStdin, OpenStdin, StdinOnce ----------------
"${B[@]}" create -i --network none --name once localhost/bb:1 cat >/dev/null
run_d -i --name open localhost/bb:1 cat
run_d --name closed localhost/bb:1 sleep 1000
assert_eq "$(stdin_fields once)" "true true true true" "create -i"
assert_eq "$(stdin_fields open)" "false false true false" "run -di"
assert_eq "$(stdin_fields closed)" "false false false false" "run -d"
pass "inspect: AttachStdin, AttachStdout, OpenStdin and StdinOnce as Docker sets them"

# --- refused: stopped, paused, unknown detach keys -------------------------------------------------
expect_failure 1 "You cannot attach to a stopped container, start it first" "${B[@]}" attach once
"${B[@]}" pause closed >/dev/null
expect_failure 1 "You cannot attach to a paused container, unpause it first" "${B[@]}" attach closed
"${B[@]}" unpause closed >/dev/null
expect_failure 1 "No such container: nosuch" "${B[@]}" attach nosuch
expect_failure 1 "Invalid detach keys (ctrl-1) provided" "${B[@]}" attach --detach-keys ctrl-1 open
pass "stopped, paused and missing containers and bad detach keys are refused"

# --- output from now on, and the exit code -----------------------------------------------------------
run_d --name exits localhost/bb:1 sh -c 'echo before; sleep 3; echo out; echo err >&2; exit 3'
rc=0; out=$("${B[@]}" attach exits 2>"$WORK/err" </dev/null) || rc=$?
assert_eq "$rc" 3 "attach exits with the container's code"
assert_eq "$out" "out" "the output after attaching, not before (docker attach shows no logs)"
assert_eq "$(cat "$WORK/err")" "err" "stderr apart"
pass "attach: the output from now on, stdout and stderr apart, the exit code"

# --- StdinOnce: the client's stdin ends the container's ---------------------------------------------
"${B[@]}" start once >/dev/null
# A client without stdin leaving first must not end it (the shim is told it brings none).
timeout -s KILL 2 "${B[@]}" attach --no-stdin once </dev/null || true
assert_eq "$(state once)" "running 0" "a --no-stdin client left; cat still reads"
rc=0; out=$(echo piped | timeout 10 "${B[@]}" attach once) || rc=$?
assert_eq "$out:$rc" "piped:0" "cat echoed, got EOF and exited 0"
assert_eq "$(state once)" "exited 0" "create -i: stdin ended with the client's"
pass "StdinOnce: the attached client's stdin ends the container's; a --no-stdin client's does not"

# --- a run -di container's stdin outlives its clients -----------------------------------------------
echo first | timeout -s KILL 2 "${B[@]}" attach open || true  # Docker's too waits for the exit here
echo second | timeout -s KILL 2 "${B[@]}" attach open || true
echo ignored | timeout -s KILL 2 "${B[@]}" attach --no-stdin open || true
assert_eq "$(state open)" "running 0" "run -di: stdin still open after three clients"
assert_eq "$("${B[@]}" logs open | tr '\n' ' ')" "first second " "what the clients typed, not the --no-stdin one's"
# The attach that saw its stdin end waits for the container, and says how it ended.
(sleep 2; "${B[@]}" kill open >/dev/null) &
rc=0; echo last | timeout 20 "${B[@]}" attach open >/dev/null || rc=$?
wait
assert_eq "$rc" 137 "the exit code of the container killed meanwhile"
pass "run -di: stdin outlives attached clients; attach waits for the exit"

# --- signals are passed on, unless --sig-proxy=false -------------------------------------------------
# With --sig-proxy=false the container is left alone, as by Docker; the client then ends at the
# first signal (Docker 28's CLI waits for a third one and exits 1).
# (SIGTERM: a script's background jobs ignore SIGINT, so a ctrl-c cannot be played here.)
# Each signal is sent once its receiver is ready, never after a guessed delay: the container's
# trap is set ("ready"), and the client blocks SIGTERM (its proxy is in place).
wait_for() {  # wait_for WHAT COMMAND...: until COMMAND succeeds, at most 10 s
  local what=$1; shift
  for _ in $(seq 200); do "$@" && return 0; sleep 0.05; done
  fail "timed out waiting for $what"
}
proxying() {  # the process blocks SIGTERM (bit 14 of its mask)
  local mask; mask=$(awk '/^SigBlk/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $mask ]] && (( (16#$mask >> 14) & 1 ))
}
logged() { [[ $("${B[@]}" logs "$1" 2>/dev/null) == *"$2"* ]]; }
in_file() { grep -q "$2" "$1" 2>/dev/null; }
running() { [[ $(state "$1" 2>/dev/null) == "running 0" ]]; }
trapper='trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.1; done'

run_d --name trapper localhost/bb:1 sh -c "$trapper"
wait_for "the trap" logged trapper ready
"${B[@]}" attach trapper >"$WORK/trapper.out" &
pid=$!; wait_for "the attach's proxy" proxying $pid; kill -TERM $pid
rc=0; wait $pid || rc=$?
assert_eq "$rc:$(cat "$WORK/trapper.out")" "7:got TERM" "SIGTERM reached the container"

run_d --name unproxied localhost/bb:1 sh -c "$trapper"
wait_for "the trap" logged unproxied ready
"${B[@]}" attach --sig-proxy=false unproxied >"$WORK/unproxied.out" &
pid=$!; sleep 0.5; kill -TERM $pid
rc=0; wait $pid || rc=$?
assert_eq "$rc" 143 "--sig-proxy=false: the attach itself got SIGTERM"
assert_eq "$(state unproxied)" "running 0" "and the container did not"

# A foreground run passes them on too (its container's output comes from the log).
"${B[@]}" run --rm --network none localhost/bb:1 sh -c "$trapper" >"$WORK/run.out" &
pid=$!
wait_for "the trap" in_file "$WORK/run.out" ready
wait_for "run's proxy" proxying $pid
kill -TERM $pid
rc=0; wait $pid || rc=$?
assert_eq "$rc:$(tr '\n' ' ' <"$WORK/run.out")" "7:ready got TERM " "run: SIGTERM reached the container"

"${B[@]}" run --sig-proxy=false --name unproxied-run --network none localhost/bb:1 sh -c "$trapper" >"$WORK/unproxied-run.out" &
pid=$!
wait_for "the trap" in_file "$WORK/unproxied-run.out" ready
kill -TERM $pid
rc=0; wait $pid || rc=$?
assert_eq "$rc:$(state unproxied-run)" "143:running 0" "run --sig-proxy=false: only the client ended"

# A container that ignores them (sleep as PID 1): the third ends the client, as Docker's.
"${B[@]}" run --name deaf --network none localhost/bb:1 sleep 1000 2>"$WORK/deaf.err" &
pid=$!
wait_for "deaf to run" running deaf
wait_for "run's proxy" proxying $pid
for _ in 1 2 3; do kill -TERM $pid; sleep 0.3; done
rc=0; wait $pid || rc=$?
assert_eq "$rc:$(state deaf)" "1:running 0" "the third SIGTERM ended the client, not the container"
grep -q "got 3 SIGTERM/SIGINTs, forcefully exiting" "$WORK/deaf.err" || fail "$(cat "$WORK/deaf.err")"
pass "sig-proxy: attach and run pass signals on, unless --sig-proxy=false"

# --- a tty: the caller's size and a redraw, the detach keys, the exit code ------------------------
if command -v script >/dev/null; then
  run_d -it --name shell localhost/bb:1 sh
  sleep 0.5
  out=$( (sleep 1; printf 'stty size\r'; sleep 0.5; printf '\x10\x11'; sleep 1) |
    timeout 20 script -qec "stty rows 30 cols 100; '$BERTH' attach shell; echo rc=\$?" /dev/null | tr -d '\r')
  [[ $out == "/ # "* ]] || fail "the shell did not redraw its prompt on attach: $out"
  grep -qx "30 100" <<<"$out" || fail "the caller's size: $out"
  [[ $out == *"read escape sequence"* ]] || fail "no escape message: $out"
  grep -qx "rc=1" <<<"$out" || fail "detaching exits 1, as Docker's attach: $out"
  assert_eq "$(state shell)" "running 0" "detached, the shell runs on"
  out=$( (sleep 1; printf '\x10x\r\x01\x02'; sleep 1) |
    timeout 20 script -qec "'$BERTH' attach --detach-keys ctrl-a,ctrl-b shell; echo rc=\$?" /dev/null | tr -d '\r')
  grep -qx "rc=1" <<<"$out" || fail "--detach-keys ctrl-a,ctrl-b: $out"
  expect_failure 1 "the input device is not a TTY" "${B[@]}" attach shell </dev/null
  out=$( (sleep 1; printf 'exit 4\r'; sleep 1) |
    timeout 20 script -qec "'$BERTH' attach shell; echo rc=\$?" /dev/null | tr -d '\r')
  grep -qx "rc=4" <<<"$out" || fail "the shell's exit code: $out"
  pass "tty: the caller's size, a redraw, detach keys, the exit code"
fi
