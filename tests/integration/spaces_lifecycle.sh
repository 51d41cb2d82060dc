#!/usr/bin/env bash
# A Space's sleep and wake through `berth serve`, end to end: idle past its sleep time it is
# frozen (SLEEPING, sleepTier frozen, the container paused) and the next request is served by
# the same process, memory kept; an open event stream keeps it awake; frozen past --freeze-ttl it is stopped (container removed),
# a browser then gets the waking page that reloads itself and an API client is held until the
# app answers; a server killed with -9 (with a frozen Space, and during a wake) comes back with
# the Space asleep and wakeable; pause blocks wakes until restart; a secret set with the CLI
# redeploys the Space with the new value in its environment.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"
cleanup "'$BERTH' space rm alice/sleepy >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
"${B[@]}" space create alice/sleepy >/dev/null

# The app: busybox httpd; /cgi-bin/id says which process serves (the start time of PID 1, in
# clock ticks since boot: the same value means the same process, its memory kept) and a secret's
# value. Headers end in CRLF: busybox httpd passes a CGI's header through as written, and the
# proxy refuses bare-LF header lines.
APP=$WORK/sleepy
mkdir -p "$APP/app/cgi-bin"
cat >"$APP/README.md" <<'MD'
---
title: Sleepy
sdk: docker
app_port: 7860
---
MD
cat >"$APP/Dockerfile" <<'DOCKERFILE'
FROM localhost/busybox:space
COPY --chown=1000:1000 app /app
CMD ["/bin/httpd", "-f", "-p", "7860", "-h", "/app"]
DOCKERFILE
cat >"$APP/app/cgi-bin/id" <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "process $(cut -d' ' -f22 /proc/1/stat)"
echo "token ${TOKEN_VALUE:-none}"
CGI
cat >"$APP/app/cgi-bin/stream" <<'CGI'
#!/bin/sh
printf 'Content-Type: text/event-stream\r\n\r\n'
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "data: tick $i"; echo; sleep 0.5; done
CGI
chmod +x "$APP/app/cgi-bin/id" "$APP/app/cgi-bin/stream"
echo "hello from sleepy" >"$APP/app/index.html"

SERVE_ARGS=(--freeze-ttl 1h)
start_server
new_repo "$WORK/sleepy-repo" "$APP"
out=$(push alice/sleepy "$WORK/sleepy-repo") || fail "push: $out"
wait_stage alice/sleepy RUNNING
assert_eq "$(space_get alice-sleepy /)" "hello from sleepy" "the Space's page"
process=$(space_get alice-sleepy /cgi-bin/id | sed -n 's/^process //p')
[[ -n $process ]] || fail "no process start time: $(space_get alice-sleepy /cgi-bin/id)"
assert_eq "$(runtime_field alice/sleepy gcTimeout)" 172800 "cpu-basic's default sleep time (48 h)"
pass "deployed; sleeps after 48 h by default"

# --- idle → frozen → a request thaws it --------------------------------------------------
api_post() {  # api_post PATH [JSON]: the status code
  local body=${2:-'{}'}
  curl -s -o /dev/null -w '%{http_code}' -X POST "$API/api/spaces/$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body"
}
assert_eq "$(api_post alice/sleepy/sleeptime '{"seconds": 2}')" 200 "set_space_sleep_time"
assert_eq "$(runtime_field alice/sleepy gcTimeout)" 2 "gcTimeout"
container_state() {
  local name
  name=$("${B[@]}" ps -a --filter label=berth.space=alice/sleepy --format '{{.Names}}' | head -1)
  [[ -n $name ]] && "${B[@]}" inspect -f '{{.State.Status}}' "$name" || echo none
}
wait_stage alice/sleepy SLEEPING 20
assert_eq "$(runtime_field alice/sleepy sleepTier)" frozen "sleep tier"
assert_eq "$(container_state)" paused "the frozen container"
# An hour from the thaw on, until the CLI below sets it back (the server must hear of that).
assert_eq "$(api_post alice/sleepy/sleeptime '{"seconds": 3600}')" 200 "a longer sleep time"
start=$(date +%s%N)
assert_eq "$(space_get alice-sleepy /)" "hello from sleepy" "the page of a frozen Space"
echo "frozen → first answer: $((($(date +%s%N) - start) / 1000000)) ms (with curl's start)"
assert_eq "$(space_get alice-sleepy /cgi-bin/id | sed -n 's/^process //p')" "$process" "the same process, memory kept"
assert_eq "$(runtime_field alice/sleepy stage)" RUNNING "stage after the thaw"
assert_eq "$(container_state)" running "the thawed container"
pass "idle past its sleep time: frozen; a request thaws it and is served by the same process"

# --- a sleep time set with the CLI reaches the running server -----------------------------
# Its sweep is 30 s away: only the CLI's announcement makes the sleeper look again in time.
"${B[@]}" space sleeptime alice/sleepy 2 >/dev/null
wait_stage alice/sleepy SLEEPING 10
pass "a sleep time set with the CLI: frozen 2 s after the last visit"

# --- a server killed with -9 keeps it frozen and wakeable ---------------------------------
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server
assert_eq "$(runtime_field alice/sleepy stage)" SLEEPING "after the server restart"
assert_eq "$(runtime_field alice/sleepy sleepTier)" frozen "still frozen"
body=$(space_get alice-sleepy /cgi-bin/id -i)
assert_eq "$(sed -n 's/^process //p' <<<"$body")" "$process" "thawed by the next server: $body $(tail -5 "$WORK/serve.log")"
pass "kill -9 of the server: the Space stays frozen, the next server thaws it"

# --- frozen past the TTL → stopped; a browser gets the waking page, an API client the app -
assert_eq "$(api_post alice/sleepy/sleeptime '{"seconds": 1}')" 200 "shorter sleep time"
stop_server
SERVE_ARGS=(--freeze-ttl 2s)
start_server
for _ in $(seq 150); do
  [[ $(runtime_field alice/sleepy sleepTier) == stopped ]] && break
  sleep 0.2
done
assert_eq "$(runtime_field alice/sleepy sleepTier)" stopped "after the freeze TTL"
assert_eq "$(container_state)" none "the stopped Space's container"
code=$(space_get alice-sleepy / -H 'Accept: text/html,application/xhtml+xml' -o "$WORK/waking" -w '%{http_code}')
assert_eq "$code" 503 "a browser's first visit"
grep -q "waking up" "$WORK/waking" || fail "no waking page: $(cat "$WORK/waking")"
grep -q 'http-equiv="refresh"' "$WORK/waking" || fail "the waking page does not reload itself"
for _ in $(seq 100); do
  [[ $(space_get alice-sleepy / -H 'Accept: text/html') == "hello from sleepy" ]] && break
  sleep 0.2
done
assert_eq "$(space_get alice-sleepy / -H 'Accept: text/html')" "hello from sleepy" "the browser's reload"
new_process=$(space_get alice-sleepy /cgi-bin/id | sed -n 's/^process //p')
[[ $new_process != "$process" ]] || fail "a stopped Space woke in the same process"
pass "frozen past --freeze-ttl: stopped; a browser gets the waking page, then the app"

for _ in $(seq 150); do
  [[ $(runtime_field alice/sleepy sleepTier) == stopped ]] && break
  sleep 0.2
done
assert_eq "$(runtime_field alice/sleepy sleepTier)" stopped "stopped again"
start=$(date +%s%N)
assert_eq "$(space_get alice-sleepy /)" "hello from sleepy" "an API client's request, held until the app answers"
echo "stopped → first answer: $((($(date +%s%N) - start) / 1000000)) ms (with curl's start)"
pass "an API client's request to a stopped Space is held and gets the app's answer"

# --- kill -9 during a wake ----------------------------------------------------------------
for _ in $(seq 150); do
  [[ $(runtime_field alice/sleepy sleepTier) == stopped ]] && break
  sleep 0.2
done
space_get alice-sleepy / -H 'Accept: text/html' -o /dev/null  # starts the wake
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVE_ARGS=(--freeze-ttl 1h)
start_server
assert_eq "$(space_get alice-sleepy /)" "hello from sleepy" "served after a kill -9 during its wake"
running=$("${B[@]}" ps --filter label=berth.space=alice/sleepy -q | wc -l)
assert_eq "$running" 1 "one instance after the interrupted wake"
pass "kill -9 during a wake: the next server serves the Space, one instance"

# --- an open stream keeps the Space awake ------------------------------------------------
space_get alice-sleepy /cgi-bin/stream --max-time 20 -N >"$WORK/stream" &
stream_pid=$!
sleep 3
assert_eq "$(runtime_field alice/sleepy stage)" RUNNING "3 s into a stream, with a sleep time of 1 s"
sleep 2
assert_eq "$(runtime_field alice/sleepy stage)" RUNNING "5 s into a stream"
wait "$stream_pid"
assert_eq "$(grep -c '^data: tick' "$WORK/stream")" 12 "the stream's events"
wait_stage alice/sleepy SLEEPING 20
pass "an open event stream keeps the Space awake; it sleeps once the stream ends"

# --- pause blocks wakes -------------------------------------------------------------------
assert_eq "$(api_post alice/sleepy/sleeptime '{"seconds": 3600}')" 200 "long sleep time"
assert_eq "$(api_post alice/sleepy/pause)" 200 "pause"
assert_eq "$(runtime_field alice/sleepy stage)" PAUSED "stage after pause"
assert_eq "$(container_state)" none "a paused Space's container"
code=$(space_get alice-sleepy / -o "$WORK/paused" -w '%{http_code}')
assert_eq "$code" 503 "a visit to a paused Space"
grep -q "paused by its owner" "$WORK/paused" || fail "the page does not say why: $(cat "$WORK/paused")"
sleep 2
assert_eq "$(runtime_field alice/sleepy stage)" PAUSED "a visit does not wake a paused Space"
assert_eq "$(api_post alice/sleepy/restart)" 200 "restart"
wait_stage alice/sleepy RUNNING 60
assert_eq "$(space_get alice-sleepy /)" "hello from sleepy" "after the restart"
pass "pause: PAUSED, 503 saying so, visits do not wake it; restart brings it back"

# --- a secret set with the CLI redeploys the Space ----------------------------------------
before=$(space_get alice-sleepy /cgi-bin/id | sed -n 's/^token //p')
assert_eq "$before" none "no secret yet"
echo "s3cret-$RANDOM" >"$WORK/secret"
"${B[@]}" space secret set alice/sleepy TOKEN_VALUE <"$WORK/secret" >/dev/null
for _ in $(seq 300); do
  [[ $(space_get alice-sleepy /cgi-bin/id | sed -n 's/^token //p') == "$(cat "$WORK/secret")" ]] && break
  sleep 0.2
done
assert_eq "$(space_get alice-sleepy /cgi-bin/id | sed -n 's/^token //p')" "$(cat "$WORK/secret")" "the new secret in the app's env"
wait_stage alice/sleepy RUNNING 60
pass "a secret set with the CLI redeploys the Space with it"
