#!/usr/bin/env bash
# Deploy history and rollback end to end through `berth serve`: two pushes are listed by the API
# and `berth space deploys`; a rollback through the API and one through `berth space rollback`,
# each under a steady request loop, fail no request and switch the answers to the earlier
# version; bad rollbacks are 4xx naming the commit; a push whose app exits 2 s after it starts
# serving is rolled back by itself (stage RUNNING, errorMessage and build log say so). Traffic
# stays on loopback and the Space's own bridge.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"
start_server
cleanup "'$BERTH' space rm alice/roll >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
BOB_TOKEN=$("${B[@]}" token create bob --write)
"${B[@]}" space create alice/roll >/dev/null

# A busybox httpd app whose page names its version; CRASH_AFTER makes it exit once serving.
mkdir -p "$WORK/app/app"
cat >"$WORK/app/README.md" <<'EOF'
---
title: Rollback
sdk: docker
app_port: 7860
startup_duration_timeout: 1m
---
EOF
cat >"$WORK/app/Dockerfile" <<'EOF'
FROM localhost/busybox:space
COPY --chown=1000:1000 app /app
CMD ["/app/start.sh"]
EOF
cat >"$WORK/app/app/start.sh" <<'EOF'
#!/bin/sh
mkdir -p /tmp/www
echo "version $(cat /app/VERSION)" > /tmp/www/index.html
if [ -e /app/CRASH_AFTER ]; then
  httpd -f -p 7860 -h /tmp/www &
  sleep "$(cat /app/CRASH_AFTER)"
  echo "version $(cat /app/VERSION) gives up"
  exit 3
fi
exec httpd -f -p 7860 -h /tmp/www
EOF
chmod +x "$WORK/app/app/start.sh"
echo 1 >"$WORK/app/app/VERSION"
new_repo "$WORK/roll" "$WORK/app"

api() { curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer ${AUTH:-$TOKEN}" "$@"; }
# The build log's server-sent events (the stream stays open: cut after 2 s).
build_log() { curl -sN --max-time 2 "$API/api/spaces/alice/roll/logs/build" -H "Authorization: Bearer $TOKEN" || true; }
page() { space_get alice-roll / -f 2>/dev/null || true; }
wait_page() {  # wait_page CONTENT [SECONDS]
  for _ in $(seq $((${2:-120} * 10))); do [[ $(page) == "$1" ]] && return 0; sleep 0.1; done
  fail "the Space answers '$(page)', expected '$1': $(runtime_field alice/roll errorMessage)"
}
# A request every 20 ms until stop_loop; counts the failures.
start_loop() {
  rm -f "$WORK/stop-loop" "$WORK/loop-result"
  ( fails=0; total=0
    while [[ ! -e $WORK/stop-loop ]]; do
      total=$((total + 1))
      out=$(space_get alice-roll / -f) || { fails=$((fails + 1)); echo "failed: $out" >&2; }
      sleep 0.02
    done
    echo "$fails $total" >"$WORK/loop-result" ) &
  LOOP=$!
}
stop_loop() {  # stop_loop WHAT: none of the loop's requests may have failed
  sleep 3  # past the old instance's drain and retirement
  touch "$WORK/stop-loop"; wait "$LOOP"
  read -r fails total <"$WORK/loop-result"
  assert_eq "$fails" 0 "failed requests during $1 (of $total)"
  [[ $total -gt 20 ]] || fail "the request loop made only $total requests during $1"
  pass "$1: $total requests, none failed"
}

out=$(push alice/roll "$WORK/roll") || fail "push v1: $out"
V1=$(git -C "$WORK/roll" rev-parse HEAD)
wait_stage alice/roll RUNNING
wait_page "version 1"
echo 2 >"$WORK/roll/app/VERSION"
git -C "$WORK/roll" commit -qam "version 2"
V2=$(git -C "$WORK/roll" rev-parse HEAD)
out=$(push alice/roll "$WORK/roll") || fail "push v2: $out"
wait_page "version 2"
sleep 3  # v1's instance retired
wait_stage alice/roll RUNNING

# The history: the API and the CLI list both deploys, v2 current, both images kept.
assert_eq "$(api "$API/api/spaces/alice/roll/deploys")" 200 "GET deploys: $(cat "$WORK/body")"
assert_eq "$(python3 -c 'import json,sys; print(" ".join("%s:%s:%s:%s" % (d["commit"], d["current"], d["imageKept"], d["kind"]) for d in json.load(open(sys.argv[1]))))' "$WORK/body")" \
  "$V2:True:True:push $V1:False:True:push" "deploy history"
"${B[@]}" space deploys alice/roll | grep -q "^$V2	.*	push	kept	current$" || fail "berth space deploys: $("${B[@]}" space deploys alice/roll)"
pass "deploy history through the API and 'berth space deploys'"

# Bad rollbacks: 4xx JSON that names the commit; nothing changes.
assert_eq "$(api -X POST "$API/api/spaces/alice/roll/rollback" -H 'Content-Type: application/json' -d '{"commit":"abcdef0"}')" 404 "unknown commit"
grep -q "abcdef0 was never deployed" "$WORK/body" || fail "404 body: $(cat "$WORK/body")"
grep -q "${V1:0:7}" "$WORK/body" || fail "the 404 does not list $V1: $(cat "$WORK/body")"
assert_eq "$(api -X POST "$API/api/spaces/alice/roll/rollback" -H 'Content-Type: application/json' -d "{\"commit\":\"$V2\"}")" 409 "rollback to the serving commit"
assert_eq "$(api -X POST "$API/api/spaces/alice/roll/rollback" -H 'Content-Type: application/json' -d '{"commit":"zz"}')" 400 "malformed commit"
assert_eq "$(AUTH=$BOB_TOKEN api -X POST "$API/api/spaces/alice/roll/rollback")" 403 "rollback by another user"
assert_eq "$(page)" "version 2" "after refused rollbacks"
pass "bad rollbacks: 404 naming the commit and the choices, 409, 400, 403"

# A rollback through the API (no body: the deploy before the current one) under a request loop.
start_loop
assert_eq "$(api -X POST "$API/api/spaces/alice/roll/rollback")" 200 "POST rollback: $(cat "$WORK/body")"
wait_page "version 1" 30
stop_loop "a rollback through the API"
wait_stage alice/roll RUNNING
assert_eq "$(runtime_field alice/roll errorMessage)" "" "errorMessage after a rollback"
assert_eq "$("${B[@]}" space info alice/roll | python3 -c 'import json,sys; print(json.load(sys.stdin)["commit"])')" "$V1" "current commit"
build_log | grep -q "Rolled back to $V1" || fail "the build log does not say 'Rolled back to $V1'"

# And back to v2 through the CLI, by a prefix: the server's route follows the CLI's switch.
start_loop
out=$("${B[@]}" space rollback alice/roll "${V2:0:8}") || fail "berth space rollback: $out"
assert_eq "$out" "alice/roll $V2" "berth space rollback's answer"
wait_page "version 2" 10
stop_loop "a rollback through 'berth space rollback'"

# A push whose app exits 2 s after it starts serving is rolled back to v2 by itself.
echo 3 >"$WORK/roll/app/VERSION"
echo 2 >"$WORK/roll/app/CRASH_AFTER"
git -C "$WORK/roll" add -A && git -C "$WORK/roll" commit -qm "version 3 crashes"
V3=$(git -C "$WORK/roll" rev-parse HEAD)
out=$(push alice/roll "$WORK/roll") || fail "push v3: $out"
for _ in $(seq 600); do
  [[ $(runtime_field alice/roll errorMessage) == *"crashed"* ]] && break
  sleep 0.2
done
message=$(runtime_field alice/roll errorMessage)
[[ $message == *"Commit ${V3:0:7} crashed"*"rolled back to ${V2:0:7}"* ]] || fail "errorMessage: $message"
[[ $message == *"exited with code 3"* && $message == *"version 3 gives up"* ]] || fail "errorMessage lacks the exit: $message"
wait_stage alice/roll RUNNING 30
wait_page "version 2" 30
assert_eq "$(runtime_field alice/roll errorMessage)" "$message" "errorMessage once serving"
build_log | grep -q "Commit ${V3:0:7} crashed" || fail "the build log does not tell of the crash"
"${B[@]}" space deploys alice/roll | grep -q "^$V3	.*	push	kept	crashed$" || fail "v3 not marked crashed: $("${B[@]}" space deploys alice/roll)"
pass "a push whose app exits 2 s into serving is rolled back by itself: RUNNING, error shown"

# Deleting the Space removes every image it kept.
space_images() { "${B[@]}" images --format '{{.Repository}}:{{.Tag}}' | { grep 'spaces/alice/roll' || true; } | sort; }
assert_eq "$(space_images | wc -l)" 3 "images kept for v1, v2 and v3: $(space_images)"
"${B[@]}" space rm alice/roll >/dev/null
left=$(space_images)
assert_eq "$left" "" "images left after the Space was deleted"
pass "deleting the Space removes its kept images"
