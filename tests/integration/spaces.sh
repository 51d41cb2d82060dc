#!/usr/bin/env bash
# Docker Spaces end to end through `berth serve`: a real `git push` → BUILDING → RUNNING → 200
# through the proxy; UID 1000; variables and secrets in the env; a build secret in no layer and
# no log; restart drops the writable layer and keeps /data; a redeploy under a steady request
# loop fails no request; a failed build keeps the old version serving; CONFIG_ERROR and
# NO_APP_FILE; WebSocket and server-sent events through the proxy; a private Space is 404
# without its owner's token; a killed and restarted server keeps the Space serving; bad API
# input gets 4xx JSON. Traffic stays on loopback and the Spaces' own bridges.
source "$(dirname "$0")/lib.bash"
DATA=${BERTH_TEST_DATA:-$SOURCE_DIR/tests/data}/spaces
source "$(dirname "$0")/serve_lib.bash"
# The killed app below must turn RUNTIME_ERROR, not be rolled back to the version before it
# (spaces_rollback.sh tests that).
SERVE_ARGS=(--rollback-window 0)
start_server
cleanup "'$BERTH' space rm alice/hello alice/ws alice/hidden alice/bad alice/empty >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
READ_TOKEN=$("${B[@]}" token create alice)
BOB_TOKEN=$("${B[@]}" token create bob --write)
[[ $TOKEN == hf_* && ${#TOKEN} -eq 37 ]] || fail "token shape: $TOKEN"
assert_eq "$(curl -s "$API/api/whoami-v2" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["name"], d["auth"]["accessToken"]["role"])')" "alice write" "whoami-v2"
pass "users and hf_ tokens, whoami-v2"

# The API: create (409 when it exists), bad input as 4xx JSON.
SECRET=s3cr3t-value-$RANDOM-XYZ
api() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"hello\",\"type\":\"space\",\"sdk\":\"docker\",\"storage\":\"small\",\"variables\":[{\"key\":\"GREETING\",\"value\":\"hi there\"}],\"secrets\":[{\"key\":\"API_KEY\",\"value\":\"$SECRET\"}]}")
assert_eq "$code" 200 "create: $(cat "$WORK/body")"
grep -q '"url"' "$WORK/body" || fail "create answer lacks url: $(cat "$WORK/body")"
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"hello","type":"space","sdk":"docker"}')
assert_eq "$code" 409 "second create"
for body in '{"name":' '{"name":"x2","type":"space","variables":[{"key":"1BAD","value":"v"}]}' \
  '{"name":"x3","type":"space","sdk":"gradio"}' '{"name":"bad name!","type":"space"}' '[1,2]'; do
  code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body")
  [[ $code == 4* ]] || fail "create $body answered $code"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"], d' "$WORK/body" || fail "no JSON error for $body: $(cat "$WORK/body")"
done
assert_eq "$(api "$API/api/spaces/alice/nope/runtime")" 404 "unknown Space"
assert_eq "$(api "$API/api/repos/create" -d '{"name":"x","type":"space"}')" 401 "create without a token"
assert_eq "$(api "$API/api/repos/create" -H "Authorization: Bearer $READ_TOKEN" -H 'Content-Type: application/json' -d '{"name":"x4","type":"space"}')" 403 "create with a read token"
"${B[@]}" space ls | grep -q '^alice/x' && fail "a refused create left a Space behind"
pass "API: create, 409, bad JSON/keys/sdk/names as 4xx JSON, 401/403/404"

# Push → BUILDING → RUNNING → 200 through the proxy.
new_repo "$WORK/hello" "$DATA/hello"
start=$(date +%s.%N)
out=$(push alice/hello "$WORK/hello") || fail "push: $out"
stage=$(runtime_field alice/hello stage)
[[ $stage == BUILDING || $stage == APP_STARTING || $stage == RUNNING ]] || fail "stage after push: $stage"
wait_stage alice/hello RUNNING
echo "push to serving: $(echo "$(date +%s.%N) - $start" | bc) s"
assert_eq "$(space_get alice-hello /)" "version 1 uid 1000" "the Space's page"
env_out=$(space_get alice-hello /cgi-bin/env)
expected_sha=$(printf %s "$SECRET" | sha256sum | cut -c1-64)
for line in "GREETING=hi there" "API_KEY_SHA=$expected_sha" "BUILD_FINGERPRINT=$expected_sha" \
  "SPACE_ID=alice/hello" "SPACE_HOST=alice-hello.localhost" "SPACE_AUTHOR_NAME=alice" \
  "SPACE_REPO_NAME=hello" "SPACE_TITLE=Hello Berth" "HF_HOME=/data/.huggingface" "UID=1000"; do
  grep -qxF "$line" <<<"$env_out" || fail "env lacks $line: $env_out"
done
grep -q "^FORWARDED=alice-hello.localhost:$PORT http 127.0.0.1" <<<"$env_out" || fail "X-Forwarded-*: $env_out"
pass "push → RUNNING → 200 as UID 1000 with variables, secrets, SPACE_* and X-Forwarded-*"

# The build secret: in no layer, no build log, no API answer.
image=$("${B[@]}" space info alice/hello | python3 -c 'import json,sys; print(json.load(sys.stdin)["image"])')
"${B[@]}" save -o "$WORK/image.tar" "$image"
mkdir -p "$WORK/image" && tar -xf "$WORK/image.tar" -C "$WORK/image"
for layer in $(find "$WORK/image" -type f); do
  if tar -tf "$layer" >/dev/null 2>&1; then tar -xOf "$layer" 2>/dev/null | grep -qF "$SECRET" && fail "secret in layer $layer"; fi
  grep -qF "$SECRET" "$layer" && fail "secret in $layer"
done
build_log=$(curl -sN --max-time 3 "$API/api/spaces/alice/hello/logs/build" -H "Authorization: Bearer $TOKEN" || true)
grep -q '^data: {"data":' <<<"$build_log" || fail "build log SSE: $build_log"
grep -qF "$SECRET" <<<"$build_log" && fail "secret in the build log"
grep -qF "$SECRET" "$WORK/serve.log" && fail "secret in the server's log"
curl -s "$API/api/spaces/alice/hello" -H "Authorization: Bearer $TOKEN" | grep -qF "$SECRET" && fail "secret in space info"
run_log=$(curl -sN --max-time 3 "$API/api/spaces/alice/hello/logs/run" -H "Authorization: Bearer $TOKEN" || true)
[[ $run_log == *"data: "* ]] || fail "run log SSE: $run_log"
pass "a build secret in no layer, log or answer; build and run logs as SSE"

# Server-sent events through the proxy arrive one by one.
python3 - "$PORT" <<'PY' || fail "SSE through the proxy"
import socket, sys, time
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"GET /cgi-bin/sse HTTP/1.1\r\nHost: alice-hello.localhost\r\nAccept: text/event-stream\r\n\r\n")
data, first_tick = b"", None
start = time.time()
while b"tick 3" not in data:
    chunk = s.recv(4096)
    if not chunk: break
    data += chunk
    if first_tick is None and b"tick 1" in data: first_tick = time.time() - start
total = time.time() - start
assert b"text/event-stream" in data, data
assert first_tick is not None and first_tick < total - 1.5, (first_tick, total)
print(f"first event after {first_tick:.2f} s of {total:.2f} s")
PY
pass "server-sent events streamed through the proxy"

# Restart: the writable layer goes, /data stays (owned by 1000).
space_get alice-hello /cgi-bin/touch >/dev/null
assert_eq "$(space_get alice-hello /cgi-bin/files | head -2 | tr '\n' ' ')" "/data/persistent /tmp/ephemeral " "files before restart"
old_container=$("${B[@]}" space info alice/hello | python3 -c 'import json,sys; print(json.load(sys.stdin)["container"])')
assert_eq "$(api -X POST "$API/api/spaces/alice/hello/restart" -H "Authorization: Bearer $TOKEN")" 200 "restart"
for _ in $(seq 300); do
  new_container=$("${B[@]}" space info alice/hello | python3 -c 'import json,sys; print(json.load(sys.stdin)["container"])')
  [[ $new_container != "$old_container" && -n $new_container ]] && break; sleep 0.2
done
wait_stage alice/hello RUNNING
files=$(space_get alice-hello /cgi-bin/files)
grep -q "^/data/persistent$" <<<"$files" || fail "/data lost on restart: $files"
grep -q "ephemeral: No such file" <<<"$files" || fail "the writable layer survived a restart: $files"
grep -qx 1000 <<<"$files" || fail "/data not owned by 1000: $files"
# Both are capped (issue 12, item 12): the writable layer at the flavor's 50 GiB of disk, /data
# at the "small" tier's 20 GiB, each its own filesystem whatever the host's disk is.
sizes=$("${B[@]}" exec "$new_container" df -k / /data | awk 'NR > 1 {print $2}' | tr '\n' ' ')
read -r root_kib data_kib <<<"$sizes"
((root_kib > 45 * 1048576 && root_kib <= 50 * 1048576)) || fail "/ of a cpu-basic Space: $sizes KiB"
((data_kib > 18 * 1048576 && data_kib <= 20 * 1048576)) || fail "/data of a small-storage Space: $sizes KiB"
"${B[@]}" ps -a --format '{{.Names}}' | grep -qx "$old_container" && fail "old container left after restart"
pass "restart drops the writable layer, keeps /data"

# A redeploy under a steady request loop fails no request.
echo 2 > "$WORK/hello/app/VERSION"
git -C "$WORK/hello" commit -qam "version 2"
( fails=0; total=0
  while [[ ! -e $WORK/stop-loop ]]; do
    total=$((total + 1))
    out=$(space_get alice-hello / -f) || { fails=$((fails + 1)); echo "failed: $out" >&2; }
    sleep 0.02
  done
  echo "$fails $total" > "$WORK/loop-result" ) &
loop=$!
out=$(push alice/hello "$WORK/hello") || fail "push v2: $out"
for _ in $(seq 600); do [[ $(space_get alice-hello /) == "version 2 uid 1000" ]] && break; sleep 0.2; done
sleep 3  # past the old instance's retirement
touch "$WORK/stop-loop"; wait $loop
read -r fails total < "$WORK/loop-result"
assert_eq "$(space_get alice-hello /)" "version 2 uid 1000" "after redeploy"
assert_eq "$fails" 0 "failed requests during the redeploy (of $total)"
[[ $total -gt 20 ]] || fail "the request loop made only $total requests"
pass "zero-downtime redeploy: $total requests, none failed"

# A failed build keeps the old version serving, with the error shown.
echo 'RUN echo "this step fails" && exit 3' >> "$WORK/hello/Dockerfile"
git -C "$WORK/hello" commit -qam "broken"
push alice/hello "$WORK/hello" >/dev/null
for _ in $(seq 300); do [[ -n $(runtime_field alice/hello errorMessage) ]] && break; sleep 0.2; done
assert_eq "$(runtime_field alice/hello stage)" RUNNING "stage after a failed build"
[[ $(runtime_field alice/hello errorMessage) == *"Build failed"* ]] || fail "errorMessage: $(runtime_field alice/hello errorMessage)"
assert_eq "$(space_get alice-hello /)" "version 2 uid 1000" "the old version after a failed build"
pass "a failed build keeps the old version serving"

# CONFIG_ERROR and NO_APP_FILE.
"${B[@]}" space create alice/bad >/dev/null
new_repo "$WORK/bad" "$DATA/hello"
sed -i 's/colorFrom: blue/colorFrom: orange/' "$WORK/bad/README.md"
git -C "$WORK/bad" commit -qam "bad header"
push alice/bad "$WORK/bad" >/dev/null
wait_stage alice/bad CONFIG_ERROR 30
message=$(runtime_field alice/bad errorMessage)
[[ $message == *"README.md:4"* && $message == *colorFrom* && $message == *orange* ]] || fail "CONFIG_ERROR message: $message"
"${B[@]}" space create alice/empty >/dev/null
mkdir -p "$WORK/empty" && cp "$DATA/hello/README.md" "$WORK/empty/"
git -C "$WORK/empty" init -q && git -C "$WORK/empty" add -A && git -C "$WORK/empty" commit -qm readme
push alice/empty "$WORK/empty" >/dev/null
wait_stage alice/empty NO_APP_FILE 30
[[ $(runtime_field alice/empty errorMessage) == *Dockerfile* ]] || fail "NO_APP_FILE message"
pass "CONFIG_ERROR names the key, value and line; NO_APP_FILE"

# A private Space: 404 to anyone but its owner, through the proxy, the API and git.
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"hidden","type":"space","private":true}')
assert_eq "$code" 200 "create private"
new_repo "$WORK/hidden" "$DATA/hello"
"${B[@]}" space secret set alice/hidden API_KEY <<<"another-secret" >/dev/null
push alice/hidden "$WORK/hidden" >/dev/null
wait_stage alice/hidden RUNNING
assert_eq "$(space_get alice-hidden / -o /dev/null -w '%{http_code}')" 404 "private Space without a token"
assert_eq "$(space_get alice-hidden / -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BOB_TOKEN")" 404 "private Space with another user's token"
assert_eq "$(space_get alice-hidden / -H "Authorization: Bearer $READ_TOKEN")" "version 1 uid 1000" "private Space with a token"
assert_eq "$(space_get alice-hidden / --cookie "token=$TOKEN")" "version 1 uid 1000" "private Space with a cookie"
assert_eq "$(api "$API/api/spaces/alice/hidden")" 404 "private Space info without a token"
GIT_TERMINAL_PROMPT=0 git clone -q "http://127.0.0.1:$PORT/spaces/alice/hidden.git" "$WORK/clone1" 2>/dev/null && fail "cloned a private Space without a token"
git clone -q "http://user:$READ_TOKEN@127.0.0.1:$PORT/spaces/alice/hidden.git" "$WORK/clone2" || fail "clone with a token"
out=$(push alice/hello "$WORK/hello" "$BOB_TOKEN") && fail "bob pushed to alice's Space"
pass "private Space: 404 without the owner's token (proxy, API, git)"

# WebSocket through the proxy: the upgrade, then frames both ways.
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"ws","type":"space"}')
assert_eq "$code" 200 "create ws"
new_repo "$WORK/ws" "$DATA/ws"
push alice/ws "$WORK/ws" >/dev/null
wait_stage alice/ws RUNNING
python3 - "$PORT" <<'PY' || fail "WebSocket through the proxy"
import base64, hashlib, os, socket, sys
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=10)
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET /chat HTTP/1.1\r\nHost: alice-ws.localhost:{port}\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    head += s.recv(1)
assert head.startswith(b"HTTP/1.1 101"), head
accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
assert b"Sec-WebSocket-Accept: " + accept in head, head
frame = bytes([0x81, 0x85]) + b"abcd" + bytes(c ^ m for c, m in zip(b"hello", b"abcdabcd"))
for _ in range(3):
    s.sendall(frame)
    got = b""
    while len(got) < len(frame):
        got += s.recv(64)
    assert got == frame, got
PY
pass "WebSocket upgrade and frames both ways through the proxy"

# A Space reaches neither the server (on any host address) nor another Space.
container_of() { "${B[@]}" space info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["container"])'; }
hello_c=$(container_of alice/hello)
ws_ip=$("${B[@]}" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(container_of alice/ws)")
gateway=$("${B[@]}" network inspect -f '{{(index .IPAM.Config 0).Gateway}}' space-alice-hello)
host_ip=$(ip -o -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p')
curl -fs "http://$host_ip:$PORT/api/spaces" >/dev/null || fail "the server is not reachable from the host at $host_ip:$PORT"
for target in "$gateway:$PORT/api/spaces" "$host_ip:$PORT/api/spaces" "$ws_ip:7861/"; do
  out=$("${B[@]}" exec "$hello_c" sh -c "timeout 3 wget -q -O- http://$target 2>/dev/null || echo blocked")
  assert_eq "$out" blocked "a Space reaching $target"
done
pass "a Space cannot reach the server's API or another Space"

# A crashed app is announced by its shim's exit command: RUNTIME_ERROR at once, not at the
# server's 30 s sweep; the error carries the exit code. A restart brings it back.
"${B[@]}" kill "$(container_of alice/hello)" >/dev/null
for _ in $(seq 50); do [[ $(runtime_field alice/hello stage) == RUNTIME_ERROR ]] && break; sleep 0.1; done
assert_eq "$(runtime_field alice/hello stage)" RUNTIME_ERROR "stage after the app was killed"
[[ $(runtime_field alice/hello errorMessage) == *"exited with code 137"* ]] ||
  fail "errorMessage after the kill: $(runtime_field alice/hello errorMessage)"
"${B[@]}" space restart alice/hello >/dev/null
assert_eq "$(runtime_field alice/hello stage)" RUNNING "stage after the restart"
pass "a killed app turns RUNTIME_ERROR within seconds (announced, not polled); restart recovers"

# Unless its owner allows it: host access turns on at the next restart, and off again.
reach_api() { "${B[@]}" exec "$(container_of alice/hello)" sh -c "timeout 3 wget -q -O- http://$gateway:$PORT/api/spaces >/dev/null 2>&1 && echo reached || echo blocked"; }
assert_eq "$("${B[@]}" space host-access alice/hello on)" on "host-access on"
assert_eq "$(runtime_field alice/hello stage)" RUNNING "stage after setting host access"
assert_eq "$(reach_api)" blocked "host access before the restart"
"${B[@]}" space restart alice/hello >/dev/null
assert_eq "$(reach_api)" reached "host access after the restart"
assert_eq "$("${B[@]}" space info alice/hello | python3 -c 'import json,sys; print(json.load(sys.stdin)["hostAccess"])')" True "space info hostAccess"
"${B[@]}" space host-access alice/hello off >/dev/null
"${B[@]}" space restart alice/hello >/dev/null
assert_eq "$(reach_api)" blocked "host access turned off again"
for _ in $(seq 50); do [[ $(space_get alice-hello /) == "version 2 uid 1000" ]] && break; sleep 0.1; done
assert_eq "$(space_get alice-hello /)" "version 2 uid 1000" "serving after the restarts"
pass "host access: off by default, on and off again at a restart"

# `berth serve` killed and restarted: the Space kept serving and is picked up again.
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
container=$("${B[@]}" space info alice/hello | python3 -c 'import json,sys; print(json.load(sys.stdin)["container"])')
assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' "$container")" running "the app while no server runs"
# What a server killed in the middle of a deploy leaves: an instance whose route never moved.
"${B[@]}" run -d --name space-alice-hello-stray --label berth.space=alice/hello \
  localhost/busybox:space sleep 600 >/dev/null
start_server
assert_eq "$(space_get alice-hello /)" "version 2 uid 1000" "after a server restart"
assert_eq "$(runtime_field alice/hello stage)" RUNNING "stage after a server restart"
"${B[@]}" container inspect space-alice-hello-stray >/dev/null 2>&1 &&
  fail "the restarted server left the stray instance space-alice-hello-stray"
pass "a killed and restarted server keeps the Space serving and removes a stray instance"

# Deleting removes the app, the network and the repository.
assert_eq "$(api -X DELETE "$API/api/repos/delete" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"ws","type":"space"}')" 200 "delete"
[[ -e $BERTH_ROOT/spaces/alice/ws ]] && fail "the deleted Space's directory is left"
"${B[@]}" network ls --format '{{.Name}}' | grep -qx space-alice-ws && fail "the deleted Space's network is left"
assert_eq "$(space_get alice-ws / -o /dev/null -w '%{http_code}')" 404 "a deleted Space"
pass "delete removes the app, network, repository"
