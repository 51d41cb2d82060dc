#!/usr/bin/env bash
# Branch previews through `berth serve`, end to end: a push to a branch other than main deploys
# a preview at {owner}-{name}--{branch}.{domain} (branch sanitized), private to the owner by
# default, with the Space's variables and without its secrets until the owner turns them on;
# listed by GET /api/spaces/{id}/previews and `berth space ls --previews`, absent from the
# Spaces list; deleting the branch removes it, container and all; deleting the Space removes
# its previews.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"
require_tool jq
cleanup "'$BERTH' space rm alice/app >/dev/null 2>&1"
cleanup "'$BERTH' space rm alice/app2 >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
BOB=$("${B[@]}" token create bob)
"${B[@]}" space create alice/app >/dev/null
"${B[@]}" space variable set alice/app GREETING hello >/dev/null
printf 'sekrit-%s' "$RANDOM" >"$WORK/secret"
"${B[@]}" space secret set alice/app API_KEY <"$WORK/secret" >/dev/null
start_server

APP=$WORK/app-src
mkdir -p "$APP/app/cgi-bin"
printf -- '---\nsdk: docker\napp_port: 7860\n---\n' >"$APP/README.md"
printf 'FROM localhost/busybox:space\nCOPY app /app\nCMD ["/bin/httpd", "-f", "-p", "7860", "-h", "/app"]\n' >"$APP/Dockerfile"
# CRLF after the header: busybox httpd passes a CGI's header through as written, and the proxy
# refuses bare-LF header lines (as strict HTTP/1.1 parsers do).
printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\necho "greeting ${GREETING:-none} key ${API_KEY:-none}"\n' >"$APP/app/cgi-bin/env"
chmod +x "$APP/app/cgi-bin/env"
echo "main version" >"$APP/app/index.html"
new_repo "$WORK/app" "$APP"
out=$(push alice/app "$WORK/app") || fail "push: $out"
wait_stage alice/app RUNNING

# A branch push: a preview at its own host, the Space's main untouched.
git -C "$WORK/app" checkout -q -b feature/Login_v2
echo "preview version" >"$WORK/app/app/index.html"
git -C "$WORK/app" commit -qam "try a change"
git -C "$WORK/app" push -q "http://user:$TOKEN@127.0.0.1:$PORT/spaces/alice/app.git" feature/Login_v2 2>&1 || fail "branch push"
PREVIEW=alice/app--feature-login-v2
wait_stage "$PREVIEW" RUNNING
COOKIE=(-H "Cookie: token=$TOKEN")
assert_eq "$(space_get alice-app--feature-login-v2 / "${COOKIE[@]}")" "preview version" "the preview's page"
assert_eq "$(space_get alice-app /)" "main version" "the Space's own page"
assert_eq "$(space_get alice-app--feature-login-v2 /cgi-bin/env "${COOKIE[@]}")" "greeting hello key none" "the preview's env: variables, no secrets"
pass "a branch push deploys a preview at {owner}-{name}--{branch}, with the variables, without secrets"

# Private to the owner unless set otherwise.
assert_eq "$(space_get alice-app--feature-login-v2 / -o /dev/null -w '%{http_code}')" 404 "an anonymous visit"
assert_eq "$(space_get alice-app--feature-login-v2 / -H "Cookie: token=$BOB" -o /dev/null -w '%{http_code}')" 404 "another user's visit"
listed=$(curl -s "$API/api/spaces/alice/app/previews" -H "Authorization: Bearer $TOKEN" | jq -r '.previews[] | "\(.id) \(.branch) \(.private) \(.stage)"')
assert_eq "$listed" "$PREVIEW feature/Login_v2 true RUNNING" "GET …/previews"
assert_eq "$(curl -s "$API/api/spaces/alice/app/previews" -H "Authorization: Bearer $BOB" | jq '.previews | length')" 0 "bob sees no private previews"
curl -s "$API/api/spaces?author=alice" | jq -r '.[].id' | grep -q -- '--' && fail "a preview in the Spaces list"
"${B[@]}" space ls | grep -q -- "$PREVIEW" && fail "a preview in berth space ls"
"${B[@]}" space ls --previews | grep -q "^$PREVIEW	alice/app	feature/Login_v2	RUNNING" || fail "berth space ls --previews: $("${B[@]}" space ls --previews)"
pass "previews are private to the owner, listed by the API and ls --previews, not among the Spaces"

# The owner turns on secrets and public visits; the next push brings the secret.
code=$(curl -s -o "$WORK/body" -w '%{http_code}' -X PUT "$API/api/spaces/alice/app/previews" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"secrets": true, "public": true}')
assert_eq "$code" 200 "PUT …/previews: $(cat "$WORK/body")"
assert_eq "$(space_get alice-app--feature-login-v2 /)" "preview version" "a public preview's anonymous visit"
git -C "$WORK/app" commit -q --allow-empty -m "again"
git -C "$WORK/app" push -q "http://user:$TOKEN@127.0.0.1:$PORT/spaces/alice/app.git" feature/Login_v2 2>&1 || fail "second branch push"
for _ in $(seq 300); do
  [[ $(space_get alice-app--feature-login-v2 /cgi-bin/env) == "greeting hello key $(cat "$WORK/secret")" ]] && break
  sleep 0.2
done
assert_eq "$(space_get alice-app--feature-login-v2 /cgi-bin/env)" "greeting hello key $(cat "$WORK/secret")" "the preview's env with secrets on"
pass "with previews' secrets and public visits on, the next deploy has the secret and anyone may visit"

# Deleting the branch removes the preview.
git -C "$WORK/app" push -q "http://user:$TOKEN@127.0.0.1:$PORT/spaces/alice/app.git" :feature/Login_v2 2>&1 || fail "branch delete"
for _ in $(seq 100); do
  [[ $(curl -s "$API/api/spaces/alice/app/previews" -H "Authorization: Bearer $TOKEN" | jq '.previews | length') == 0 ]] && break
  sleep 0.2
done
assert_eq "$(curl -s "$API/api/spaces/alice/app/previews" -H "Authorization: Bearer $TOKEN" | jq '.previews | length')" 0 "previews after the branch went"
assert_eq "$(space_get alice-app--feature-login-v2 / -o /dev/null -w '%{http_code}')" 404 "the removed preview's host"
assert_eq "$("${B[@]}" ps -a --filter label=berth.space=$PREVIEW -q | wc -l)" 0 "the preview's containers"
assert_eq "$(space_get alice-app /)" "main version" "the Space serves on"
pass "deleting the branch removes its preview: host, listing and container"

# A preview made through the API's branch endpoint goes with its Space.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$API/api/spaces/alice/app/branch/dev" -H "Authorization: Bearer $TOKEN")
assert_eq "$code" 200 "create branch dev"
wait_stage alice/app--dev RUNNING
"${B[@]}" space rm alice/app >/dev/null
assert_eq "$("${B[@]}" space ls --previews | wc -l)" 1 "previews left after the Space's removal (the header)"
assert_eq "$("${B[@]}" ps -a --filter label=berth.space=alice/app--dev -q | wc -l)" 0 "the dev preview's containers"
pass "a branch made through the API deploys a preview; deleting the Space removes it"

# A preview's settings are its Space's; it has no repository of its own.
"${B[@]}" space create alice/app2 >/dev/null
new_repo "$WORK/app2" "$APP"
out=$(push alice/app2 "$WORK/app2") || fail "push app2: $out"
git -C "$WORK/app2" push -q "http://user:$TOKEN@127.0.0.1:$PORT/spaces/alice/app2.git" HEAD:refs/heads/dev 2>&1 || fail "dev push"
for _ in $(seq 100); do "${B[@]}" space ls --previews | grep -q "^alice/app2--dev" && break; sleep 0.1; done
code=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST "$API/api/spaces/alice/app2--dev/variables" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"key":"X","value":"y"}')
assert_eq "$code" 400 "a variable set on a preview: $(cat "$WORK/body")"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://user:$TOKEN@127.0.0.1:$PORT/spaces/alice/app2--dev.git/info/refs?service=git-upload-pack")
assert_eq "$code" 404 "git on a preview's id"
wait_stage alice/app2 RUNNING  # a CLI rm during a server's deploy races it (a known gap)
wait_stage alice/app2--dev RUNNING
"${B[@]}" space rm alice/app2 >/dev/null
pass "a preview takes its variables and secrets from its Space (400 otherwise) and has no git repository"
