#!/usr/bin/env bash
# Healthchecks with runc: --health-* flags, `healthcheck run` (podman's exit codes), ps's
# "(healthy)" and --filter health=, inspect's State.Health and Config.Healthcheck, the timeout,
# --no-healthcheck over an image's HEALTHCHECK, and the shim probing in the background.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
tar=$(busybox_tar)
"$BERTH" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
B=("$BERTH")
remove_containers_at_exit

health() { "${B[@]}" inspect -f '{{.State.Health.Status}}' "$1"; }
hc_run() { # prints "rc output"
  local out rc=0
  out=$("${B[@]}" healthcheck run "$1" 2>&1) || rc=$?
  echo "$rc $out"
}

# A check that fails until /ready exists; a long interval, so only manual probes run.
"${B[@]}" run -d --name hc --network none --health-cmd 'echo probing; test -f /ready' \
  --health-interval 1h --health-retries 2 localhost/bb:1 sleep 1000 >/dev/null
assert_eq "$(health hc)" "starting" "health after start"
[[ $("${B[@]}" ps --filter name=hc --format '{{.Status}}') == Up*"(health: starting)" ]] ||
  fail "ps status: $("${B[@]}" ps --filter name=hc --format '{{.Status}}')"
assert_eq "$(hc_run hc)" "1 starting" "first failure (retries 2)"
assert_eq "$(hc_run hc)" "1 unhealthy" "second failure"
assert_eq "$(health hc)" "unhealthy" "inspect after two failures"
assert_eq "$("${B[@]}" ps --filter health=unhealthy --format '{{.Names}}')" "hc" "filter unhealthy"
[[ $("${B[@]}" ps --filter name=hc --format '{{.Status}}') == Up*"(unhealthy)" ]] || fail "ps unhealthy"
"${B[@]}" exec hc touch /ready
assert_eq "$(hc_run hc)" "0 " "healthy probe"
assert_eq "$(health hc)" "healthy" "inspect healthy"
assert_eq "$("${B[@]}" inspect -f '{{.State.Health.FailingStreak}} {{len .State.Health.Log}}' hc)" "0 3" "streak and log"
assert_eq "$("${B[@]}" inspect -f '{{(index .State.Health.Log 2).Output}}' hc)" "probing" "probe output"
# Docker's shape and key order (templates see sorted keys: read inspect's own JSON).
keys() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[0]'"$1"', separators=(",", ":")))'; }
assert_eq "$("${B[@]}" inspect hc | keys '["Config"]["Healthcheck"]')" \
  '{"Test":["CMD-SHELL","echo probing; test -f /ready"],"Interval":3600000000000,"Retries":2}' "Config.Healthcheck"
assert_eq "$("${B[@]}" inspect hc | keys '["State"]["Health"]["Log"][0]' | cut -c1-9)" '{"Start":' "Log order"
assert_eq "$("${B[@]}" inspect hc | keys '["State"]["Health"]' | cut -c1-20)" '{"Status":"healthy",' "Health order"
[[ $("${B[@]}" ps --filter name=hc --format '{{.Status}}') == Up*"(healthy)" ]] || fail "ps healthy"
assert_eq "$("${B[@]}" ps --filter health=healthy --format '{{.Names}}')" "hc" "filter healthy"
pass "healthcheck run: starting, unhealthy, healthy; ps and inspect show it"

# A check past its timeout is killed and fails with Docker's message.
"${B[@]}" run -d --name slow --network none --health-cmd 'sleep 30' --health-timeout 1s \
  --health-interval 1h --health-retries 1 localhost/bb:1 sleep 1000 >/dev/null
start=$(date +%s)
assert_eq "$(hc_run slow)" "1 unhealthy" "timed-out probe"
(($(date +%s) - start < 10)) || fail "the timed-out probe took $(($(date +%s) - start))s"
assert_eq "$("${B[@]}" inspect -f '{{(index .State.Health.Log 0).ExitCode}} {{(index .State.Health.Log 0).Output}}' slow)" \
  "-1 Health check exceeded timeout (1s)" "timeout log"
[[ $("${B[@]}" exec slow ps) != *"sleep 30"* ]] || fail "the timed-out probe still runs"
pass "timeout"

# No healthcheck, --no-healthcheck over an image's HEALTHCHECK, the image's own.
mkdir -p "$WORK/ctx"
printf 'FROM localhost/bb:1\nHEALTHCHECK --interval=1h --retries=1 CMD ["test", "-f", "/ready"]\n' > "$WORK/ctx/Dockerfile"
"${B[@]}" build -q -t localhost/checked:1 "$WORK/ctx" >/dev/null
"${B[@]}" run -d --name plain --network none localhost/bb:1 sleep 1000 >/dev/null
"${B[@]}" run -d --name off --network none --no-healthcheck localhost/checked:1 sleep 1000 >/dev/null
"${B[@]}" run -d --name image-check --network none localhost/checked:1 sleep 1000 >/dev/null
expect_failure 125 "has no defined healthcheck" "${B[@]}" healthcheck run plain
expect_failure 125 "has no defined healthcheck" "${B[@]}" healthcheck run off
assert_eq "$("${B[@]}" inspect -f '{{json .Config.Healthcheck}}' off)" '{"Test":["NONE"]}' "--no-healthcheck in inspect"
assert_eq "$("${B[@]}" inspect -f '{{json .State.Health}}' plain)" "null" "no State.Health"
assert_eq "$(hc_run image-check)" "1 unhealthy" "the image's HEALTHCHECK"
assert_eq "$("${B[@]}" ps --filter health=none --format '{{.Names}}' | sort | tr '\n' ' ')" "off plain " "filter none"
expect_failure 125 "--no-healthcheck conflicts with --health-* options" \
  "${B[@]}" run --rm --no-healthcheck --health-cmd true localhost/bb:1 true
expect_failure 125 'invalid argument "x" for "--health-interval" flag: time: invalid duration "x"' \
  "${B[@]}" create --health-interval x localhost/bb:1 true
expect_failure 1 "Unrecognised filter value for health: sick" "${B[@]}" ps --filter health=sick
"${B[@]}" stop -t 0 plain image-check >/dev/null
expect_failure 125 "is not running" "${B[@]}" healthcheck run image-check
expect_failure 125 "unable to look up nosuch" "${B[@]}" healthcheck run nosuch
pass "no healthcheck, --no-healthcheck, the image's, bad flags, stopped"

# The shim probes in the background: the status turns healthy without a manual run.
"${B[@]}" run -d --name bg --network none --health-cmd 'test -f /ready' --health-interval 1s \
  --health-retries 1 localhost/bb:1 sleep 1000 >/dev/null
for _ in $(seq 50); do [[ $(health bg) == unhealthy ]] && break; sleep 0.2; done
assert_eq "$(health bg)" "unhealthy" "background probe failing"
"${B[@]}" exec bg touch /ready
for _ in $(seq 50); do [[ $(health bg) == healthy ]] && break; sleep 0.2; done
assert_eq "$(health bg)" "healthy" "background probe passing"
# A restart starts over at "starting" (the log is kept).
"${B[@]}" restart -t 0 bg >/dev/null
assert_eq "$(health bg)" "starting" "after a restart"
"${B[@]}" rm -f bg >/dev/null
pass "background probes by the shim"
