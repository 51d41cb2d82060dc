#!/usr/bin/env bash
# Tenant isolation at the HTTP front of `berth serve` (issue 12, items 9, 13 and 15), tried as an
# attacker would: a Space's app must not see its visitors' Berth token (Authorization or the
# `token` cookie) nor plant cookies for the API host; the cookie alone authenticates no
# state-changing API call; JSON endpoints want application/json; git request bodies are capped;
# one client address cannot hold all connections; Host tricks (absolute-form targets, two Host
# fields, case, a trailing dot) reach no private Space; Content-Length with Transfer-Encoding is
# refused.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"
DATA=${BERTH_TEST_DATA:-$SOURCE_DIR/tests/data}/spaces

MAX_PER_IP=8
SERVE_ARGS=(--max-connections-per-ip "$MAX_PER_IP")
start_server
cleanup "'$BERTH' space rm alice/echo >/dev/null 2>&1"
"${B[@]}" user create alice >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
api() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
json_error() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"])' "$WORK/body"; }

# A private Space whose app echoes the request head it receives.
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"echo","type":"space","sdk":"docker","private":true}')
assert_eq "$code" 200 "create: $(cat "$WORK/body")"
new_repo "$WORK/echo" "$DATA/echo-headers"
out=$(push alice/echo "$WORK/echo") || fail "push: $out"
wait_stage alice/echo RUNNING

# Item 9: the visitor's token reaches the server (the private Space is served) but not the app.
basic=$(printf 'user:%s' "$TOKEN" | base64 -w0)
seen=$(space_get alice-echo /page -D "$WORK/headers" -H "Cookie: theme=dark; token=$TOKEN; app_c=42" \
  -H "Authorization: Bearer $TOKEN")
grep -q '^GET /page HTTP/1.1' <<<"$seen" || fail "the private Space was not served with the token: $seen"
grep -qF "$TOKEN" <<<"$seen" && fail "the app received the visitor's token: $seen"
grep -qi '^authorization:' <<<"$seen" && fail "the app received Authorization: $seen"
grep -qF 'Cookie: theme=dark; app_c=42' <<<"$seen" || fail "the app's own cookies did not arrive: $seen"
seen=$(space_get alice-echo / -H "Authorization: Basic $basic")
grep -q '^GET / HTTP/1.1' <<<"$seen" || fail "the private Space was not served with basic auth: $seen"
grep -qi '^authorization:' <<<"$seen" && fail "the app received basic auth with the token: $seen"
seen=$(space_get alice-echo / -H "Authorization: Bearer app-own-key" -H "Cookie: token=$TOKEN")
grep -qF 'Authorization: Bearer app-own-key' <<<"$seen" || fail "the app's own Authorization was dropped: $seen"
grep -qi '^cookie:' <<<"$seen" && fail "a Cookie field with only the token reached the app: $seen"
grep -qi '^set-cookie: token=' "$WORK/headers" && fail "the app planted a token cookie: $(cat "$WORK/headers")"
grep -qi '^set-cookie: tossed=' "$WORK/headers" && fail "the app set a cookie for the parent domain: $(cat "$WORK/headers")"
grep -qi '^set-cookie: app_own=1' "$WORK/headers" || fail "the app's own cookie was dropped: $(cat "$WORK/headers")"
pass "the app sees no Berth token (Bearer, Basic, cookie) and cannot set cookies for other hosts"

# Host tricks reach no private Space without its owner's token.
assert_eq "$(space_get alice-echo / -o /dev/null -w '%{http_code}')" 404 "private Space without a token"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' --resolve "ALICE-ECHO.LOCALHOST.:$PORT:127.0.0.1" \
  "http://ALICE-ECHO.LOCALHOST.:$PORT/")" 404 "uppercase and trailing-dot Host"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: token=$TOKEN" --request-target "http://alice-nope.localhost:$PORT/" \
  -H "Host: alice-echo.localhost:$PORT" "$API/")" 404 "absolute-form target naming another host"
seen=$(curl -s -H "Authorization: Bearer $TOKEN" --request-target "http://alice-echo.localhost:$PORT/abs?q=1" \
  -H "Host: 127.0.0.1:$PORT" "$API/")
grep -q '^GET /abs?q=1 HTTP/1.1' <<<"$seen" || fail "absolute-form was not brought to origin form: $seen"
grep -qi "^host: alice-echo.localhost:$PORT" <<<"$seen" || fail "absolute-form's authority is not the Host: $seen"
raw() {  # raw BYTES: sends them to the server, prints the status line
  python3 - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
data = b""
while b"\r\n" not in data:
    chunk = s.recv(4096)
    if not chunk: break
    data += chunk
print(data.split(b"\r\n")[0].decode())
PY
}
status=$(raw "GET / HTTP/1.1\r\nHost: alice-nope.localhost\r\nHost: alice-echo.localhost\r\nCookie: token=$TOKEN\r\n\r\n")
[[ $status == "HTTP/1.1 400"* ]] || fail "two Host fields answered: $status"
status=$(raw "POST /api/repos/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
[[ $status == "HTTP/1.1 400"* ]] || fail "Content-Length with Transfer-Encoding answered: $status"
pass "Host case, trailing dot, absolute form and two Hosts reach no private Space; CL+TE is 400"

# Item 15: the cookie alone changes nothing; JSON endpoints want application/json.
assert_eq "$(api "$API/api/whoami-v2" -H "Cookie: token=$TOKEN")" 200 "whoami with the cookie (GET)"
code=$(api "$API/api/repos/create" -H "Cookie: token=$TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"csrf","type":"space","sdk":"docker"}')
assert_eq "$code" 401 "create with the cookie only: $(cat "$WORK/body")"
json_error | grep -q "Authorization" || fail "the 401 does not say why: $(cat "$WORK/body")"
"${B[@]}" space ls | grep -q '^alice/csrf' && fail "a cookie-only create made a Space"
code=$(api -X DELETE "$API/api/repos/delete" -H "Cookie: token=$TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"echo","type":"space"}')
assert_eq "$code" 401 "delete with the cookie only"
assert_eq "$(api -X POST "$API/api/spaces/alice/echo/restart" -H "Cookie: token=$TOKEN")" 404 \
  "restart of a private Space with the cookie only"
for type in "" "text/plain" "application/x-www-form-urlencoded" "multipart/form-data; boundary=x"; do
  code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" ${type:+-H "Content-Type: $type"} \
    --data-binary '{"name":"plain","type":"space","sdk":"docker"}')
  assert_eq "$code" 415 "create with Content-Type '$type': $(cat "$WORK/body")"
  json_error | grep -q "application/json" || fail "the 415 is no Hub-style error: $(cat "$WORK/body")"
done
"${B[@]}" space ls | grep -q '^alice/plain' && fail "a non-JSON create made a Space"
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: Application/JSON; charset=utf-8' \
  -d '{"name":"plain","type":"space","sdk":"docker"}')
assert_eq "$code" 200 "create with application/json; charset=utf-8"
code=$(api -X DELETE "$API/api/repos/delete" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"plain","type":"space"}')
assert_eq "$code" 200 "delete with the Bearer token"
pass "cookie-only POST/DELETE refused (401), non-JSON bodies 415, the Bearer token and JSON accepted"

# Item 13: git request bodies are capped (upload-pack 10 MiB, at once when declared).
head -c $((11 << 20)) /dev/zero >"$WORK/big"
code=$(curl -s -o "$WORK/body" -w '%{http_code}' -u "user:$TOKEN" -H 'Content-Type: application/x-git-upload-pack-request' \
  --data-binary @"$WORK/big" "$API/spaces/alice/echo.git/git-upload-pack")
assert_eq "$code" 413 "an 11 MiB upload-pack request: $(head -c 300 "$WORK/body")"
code=$(curl -s -o "$WORK/body" -w '%{http_code}' -u "user:$TOKEN" -H 'Content-Type: application/x-git-upload-pack-request' \
  -H 'Transfer-Encoding: chunked' --data-binary @"$WORK/big" "$API/spaces/alice/echo.git/git-upload-pack")
assert_eq "$code" 413 "an 11 MiB chunked upload-pack request"
git clone -q "http://user:$TOKEN@127.0.0.1:$PORT/spaces/alice/echo.git" "$WORK/clone" || fail "a normal clone failed"
pass "git request bodies over the cap are 413; a clone still works"

# Item 13: one address holds at most MAX_PER_IP connections; other addresses are still served.
python3 - "$PORT" "$MAX_PER_IP" <<'PY' || fail "per-address connection limit"
import socket, sys, time
port, limit = int(sys.argv[1]), int(sys.argv[2])
def request(source="127.0.0.1"):
    s = socket.socket()
    s.settimeout(10)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /api/spaces HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk: break
            data += chunk
    except ConnectionResetError:
        pass
    s.close()
    return data.split(b"\r\n")[0].decode()
held = []
for _ in range(limit):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /api/spaces HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    s.recv(65536)  # answered and kept alive: it holds its place
    held.append(s)
refused = request()
assert refused.startswith("HTTP/1.1 503"), "connection past the limit answered: " + refused
other = request("127.0.0.2")
assert other.startswith("HTTP/1.1 200"), "another address answered: " + other
for s in held: s.close()
for _ in range(100):
    status = request()
    if status.startswith("HTTP/1.1 200"): break
    time.sleep(0.1)
assert status.startswith("HTTP/1.1 200"), "closed connections did not give their places back: " + status
PY
pass "more than $MAX_PER_IP connections from one address are 503 while another address is served"
