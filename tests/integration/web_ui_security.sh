#!/usr/bin/env bash
# The web UI as an attacker tries it, with curl (the browser suite, web_ui.sh, drives Chromium):
# security headers on every page; sign-in with its cookie's attributes, open redirects and login
# CSRF refused; the API refusing a session without its CSRF token; forms posted from another
# site refused; a read-token session unable to mint tokens; revoking the token or signing out
# ending the session; README header fields, commit messages and file contents escaped; private
# Spaces invisible to others on every page and in the stage events; secrets never in a page;
# the session cookie kept from the apps.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"

start_server
"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
BOB=$("${B[@]}" token create bob --write)
ALICE_READ=$("${B[@]}" token create alice --name reader)

headers() { curl -s -o /dev/null -D - "$@" | tr -d '\r'; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# sign_in JAR TOKEN: a session in the cookie jar JAR
sign_in() { curl -s -o /dev/null -c "$1" -d "token=$2" "$API/login"; }
csrf_of() { curl -s -b "$1" "$API/tokens" | grep -o 'name="csrf-token" content="[0-9a-f]*"' | cut -d'"' -f4; }

# --- headers of every page --------------------------------------------------------------------
check_page_headers() {  # check_page_headers PATH [curl args…]
  local path=$1 h csp
  shift
  h=$(headers "$@" "$API$path")
  csp=$(grep -i '^content-security-policy:' <<<"$h") || fail "$path: no Content-Security-Policy"
  [[ $csp == *"script-src 'self';"* && $csp != *unsafe-inline* && $csp != *unsafe-eval* ]] ||
    fail "$path: scripts not limited to the server's own: $csp"
  [[ $csp == *"frame-ancestors 'none'"* ]] || fail "$path: the UI may be framed: $csp"
  grep -qi '^x-content-type-options: nosniff' <<<"$h" || fail "$path: no nosniff"
}
J=$WORK/headers.jar
curl -s -o /dev/null -c "$J" -d "token=$TOKEN" "$API/login"
for path in / /login /no-such-page /spaces/alice/nothing; do check_page_headers "$path"; done
for path in / /new /tokens; do check_page_headers "$path" -b "$J"; done
pass "every page: a CSP without inline scripts, no framing, nosniff"

# --- sign in ----------------------------------------------------------------------------------
assert_eq "$(status -d "token=hf_NotARealTokenAtAllXXXXXXXXXXXXXXXXX" "$API/login")" 401 "a wrong token"
h=$(headers -d "token=$TOKEN&next=/tokens" "$API/login")
cookie=$(grep -i '^set-cookie: berth_session=' <<<"$h") || fail "no session cookie: $h"
for attribute in HttpOnly SameSite=Lax Path=/; do
  [[ $cookie == *"$attribute"* ]] || fail "the session cookie lacks $attribute: $cookie"
done
[[ $cookie != *[Dd]omain=* ]] || fail "the session cookie names a Domain (it would reach the Spaces): $cookie"
[[ $cookie != *"$TOKEN"* ]] || fail "the cookie carries the token itself"
grep -qi '^location: /tokens' <<<"$h" || fail "sign-in does not return to next: $h"
for next in //evil.example/x 'http://evil.example/' '/\evil.example'; do
  loc=$(headers --data-urlencode "token=$TOKEN" --data-urlencode "next=$next" "$API/login" | grep -i '^location:' | tr A-Z a-z)
  assert_eq "$loc" "location: /" "sign-in with next=$next"
done
assert_eq "$(status -H 'Origin: http://evil.example' -d "token=$TOKEN" "$API/login")" 403 \
  "a sign-in form posted from another site (login CSRF)"
pass "sign-in: HttpOnly SameSite=Lax host-only cookie, no open redirect, no login CSRF"

# --- the API with a session: only with the page's CSRF token ----------------------------------
A=$WORK/alice.jar
sign_in "$A" "$TOKEN"
CSRF=$(csrf_of "$A")
[[ ${#CSRF} -eq 64 ]] || fail "no CSRF token in the page: '$CSRF'"
create() { curl -s -o /dev/null -w '%{http_code}' -b "$A" -H 'Content-Type: application/json' "$@" "$API/api/repos/create"; }
assert_eq "$(create -d '{"type":"space","name":"nocsrf"}')" 403 "a session's POST without its CSRF token"
assert_eq "$(create -H 'X-CSRF-Token: 0000000000000000000000000000000000000000000000000000000000000000' -d '{"type":"space","name":"nocsrf"}')" 403 \
  "a session's POST with a wrong CSRF token"
assert_eq "$(create -H "X-CSRF-Token: $CSRF" -d '{"type":"space","name":"web","secrets":[{"key":"WEB_SECRET","value":"s3cr3t-web-value"}]}')" 200 \
  "a session's POST with its CSRF token"
pass "the API takes a session only with its CSRF token"

# --- forms from other sites, and tokens ------------------------------------------------------
assert_eq "$(status -b "$A" -H 'Sec-Fetch-Site: cross-site' -d "csrf=$CSRF&name=evil&role=write" "$API/tokens")" 403 \
  "a token form posted from another site"
assert_eq "$(status -b "$A" -d "csrf=wrong&name=evil&role=write" "$API/tokens")" 403 "a token form with a wrong CSRF token"
page=$(curl -s -b "$A" -d "csrf=$CSRF&name=laptop&role=read" "$API/tokens")
grep -q 'id="created-token">hf_[A-Za-z]*<' <<<"$page" || fail "the new token is not shown once"
curl -s -b "$A" "$API/tokens" | grep -q 'created-token' && fail "the token is shown again"
R=$WORK/reader.jar
sign_in "$R" "$ALICE_READ"
RCSRF=$(csrf_of "$R")
assert_eq "$(status -b "$R" -d "csrf=$RCSRF&name=escalate&role=write" "$API/tokens")" 403 \
  "a read-token session minting a write token"
"${B[@]}" token ls alice | grep -q escalate && fail "the read session made a token"
pass "token forms: same-site with the CSRF token, and never from a read token"

# --- revoking the token or signing out ends the session ---------------------------------------
S=$WORK/short.jar
SHORT=$("${B[@]}" token create alice --write --name short)
sign_in "$S" "$SHORT"
assert_eq "$(status -b "$S" "$API/tokens")" 200 "a fresh session"
curl -s -o /dev/null -b "$A" -d "csrf=$CSRF&name=short" "$API/tokens/revoke"
assert_eq "$(status -b "$S" "$API/tokens")" 303 "a session whose token was revoked"
L=$WORK/leaving.jar
sign_in "$L" "$TOKEN"
LCSRF=$(csrf_of "$L")
cp "$L" "$WORK/stolen.jar"
curl -s -o /dev/null -b "$L" -c "$L" -d "csrf=$LCSRF" "$API/logout"
assert_eq "$(status -b "$WORK/stolen.jar" "$API/tokens")" 303 "a copy of a signed-out session's cookie"
pass "revoking the token or signing out ends the session"

# --- hostile README header, commit message, file: escaped everywhere --------------------------
APP=$WORK/app
mkdir -p "$APP/app/cgi-bin"
cat >"$APP/README.md" <<'MD'
---
title: <script>alert("title")</script>
emoji: "<img src=x onerror=alert(1)>"
colorFrom: red" onmouseover="alert(2)
colorTo: blue
sdk: docker
app_port: 7860
short_description: <b onclick=alert(3)>desc</b>
---
MD
cat >"$APP/Dockerfile" <<'DOCKERFILE'
FROM localhost/busybox:space
COPY --chown=1000:1000 app /app
RUN echo '<script>alert("log")</script>'
CMD ["/bin/sh", "-c", "echo instance started; exec /bin/httpd -f -p 7860 -h /app"]
DOCKERFILE
cat >"$APP/app/cgi-bin/cookies" <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "cookies: ${HTTP_COOKIE:-none}"
CGI
chmod +x "$APP/app/cgi-bin/cookies"
echo '<script>alert("file")</script>' >"$APP/app/index.html"
rm -rf "$WORK/repo"; cp -r "$APP" "$WORK/repo"
git -C "$WORK/repo" init -q && git -C "$WORK/repo" add -A
git -C "$WORK/repo" commit -qm '<script>alert("commit")</script>'
out=$(push alice/web "$WORK/repo") || fail "push: $out"
wait_stage alice/web CONFIG_ERROR 60
# colorFrom is not a Hub colour: the header is refused, and nothing of it may reach a page raw.
for path in / /spaces/alice/web /spaces/alice/web/tree/main /spaces/alice/web/commits/main \
  /spaces/alice/web/blob/main/app/index.html /spaces/alice/web/blob/main/README.md /spaces/alice/web/settings; do
  body=$(curl -s -b "$A" "$API$path")
  grep -Eq '<script>alert|<img src=x|<b onclick|" onmouseover' <<<"$body" && fail "$path: user input reaches the page unescaped"
  grep -q 's3cr3t-web-value' <<<"$body" && fail "$path: shows the secret's value"
done
curl -s -b "$A" "$API/spaces/alice/web/commits/main" | grep -q '&lt;script&gt;alert(&quot;commit&quot;)' ||
  fail "the commit message is not shown (escaped)"
pass "README header, commit messages and files escaped on every page; the secret's value on none"

# A header with valid colours deploys and shows its card, escaped.
sed -i 's/^colorFrom: .*/colorFrom: red/' "$WORK/repo/README.md"
git -C "$WORK/repo" commit -qam "valid colours"
out=$(push alice/web "$WORK/repo") || fail "push: $out"
wait_stage alice/web RUNNING
list=$(curl -s -b "$A" "$API/")
grep -q 'class="thumb from-red to-blue"' <<<"$list" || fail "the card has no gradient: $list"
grep -q '&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;' <<<"$list" || fail "the card's title is not shown escaped"
grep -Eq '<script>alert|<img src=x|<b onclick' <<<"$list" && fail "the card shows user input unescaped"
assert_eq "$(curl -s -b "$A" "$API/?search=WEB" | grep -o 'data-space="[^"]*"' | sort -u | tr '\n' ' ')" 'data-space="alice/web" ' \
  "the list searched by name without script"
curl -s "$API/?search=%22%3E%3Cscript%3E" | grep -q '"><script>' && fail "the search box shows its text unescaped"
pass "the card shows the README's title, emoji and colours, escaped; search works without script"

# The session cookie never reaches an app, even one on a host the browser would send it to.
seen=$(space_get alice-web /cgi-bin/cookies -H "Cookie: berth_session=0123; other=kept")
assert_eq "$seen" "cookies: other=kept" "the cookies an app sees"
pass "the session cookie is kept from the apps"

# --- private Spaces are nobody else's business ------------------------------------------------
assert_eq "$(create -H "X-CSRF-Token: $CSRF" -d '{"type":"space","name":"hidden","private":true}')" 200 "a private Space"
Bj=$WORK/bob.jar
sign_in "$Bj" "$BOB"
for path in /spaces/alice/hidden /spaces/alice/hidden/settings /spaces/alice/hidden/tree/main \
  /spaces/alice/hidden/logs /spaces/alice/hidden/commits/main /spaces/alice/nonexistent; do
  assert_eq "$(status -b "$Bj" "$API$path")" 404 "bob on $path"
  assert_eq "$(status "$API$path")" 404 "a visitor on $path"
done
curl -s -b "$Bj" "$API/" | grep -q 'alice/hidden' && fail "bob's Spaces list shows alice's private Space"
events=$(curl -s -b "$Bj" --max-time 2 "$API/ui/events" || true)
grep -q 'alice/web' <<<"$events" || fail "the stage events show no public Space: $events"
grep -q 'alice/hidden' <<<"$events" && fail "bob's stage events show alice's private Space"
events=$(curl -s -b "$Bj" --max-time 2 "$API/ui/events?space=alice/hidden&logs=build,run" || true)
grep -q 'hidden\|event: build\|event: run' <<<"$events" && fail "bob can follow alice's private Space's stage or logs"
assert_eq "$(status -b "$Bj" "$API/spaces/alice/web/settings")" 403 "bob on the settings of alice's public Space"
curl -s -b "$A" "$API/" | grep -q 'data-space="alice/hidden"' || fail "alice does not see her private Space"
# A stream that writes nothing (HEAD) would never notice its client leave and hold a thread.
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -I "$API/ui/events")" 404 "HEAD of the event stream"
pass "private Spaces: 404 to others on every page, absent from their list and stage events"

# --- a private Space's app: the owner's browser goes in with a single-use ticket --------------
out=$(push alice/hidden "$WORK/repo") || fail "push: $out"
wait_stage alice/hidden RUNNING
assert_eq "$(space_get alice-hidden / -o /dev/null -w '%{http_code}')" 404 "the private app without a pass"
app_page=$(curl -s -b "$A" "$API/spaces/alice/hidden")
ticket_path=$(grep -o 'id="app-frame" src="http://alice-hidden.localhost:[0-9]*/.berth/visit?ticket=[0-9a-f]*"' <<<"$app_page" |
  sed 's|.*localhost:[0-9]*||; s|"$||')
[[ -n $ticket_path ]] || fail "the App tab of a private Space frames no ticket URL: $app_page"
frame=$(grep -o '<iframe id="app-frame"[^>]*>' <<<"$app_page")
[[ $frame == *'sandbox="allow-scripts allow-same-origin'* && $frame != *allow-top-navigation* ]] ||
  fail "the app's frame may navigate the UI away: $frame"
h=$(space_get alice-hidden "$ticket_path" -o /dev/null -D - | tr -d '\r')
pass_cookie=$(grep -i '^set-cookie: berth_visit=' <<<"$h") || fail "the ticket gave no pass: $h"
[[ $pass_cookie == *HttpOnly* && $pass_cookie != *[Dd]omain=* ]] || fail "the pass cookie: $pass_cookie"
grep -qi '^location: /$' <<<"$h" || fail "the ticket does not lead to the app: $h"
pass_value=$(sed 's/^[^=]*=//; s/;.*//' <<<"$pass_cookie")
assert_eq "$(space_get alice-hidden / -H "Cookie: berth_visit=$pass_value")" '<script>alert("file")</script>' \
  "the private app with its pass"
assert_eq "$(space_get alice-hidden /cgi-bin/cookies -H "Cookie: berth_visit=$pass_value; mine=1")" "cookies: mine=1" \
  "the cookies the private app sees"
assert_eq "$(space_get alice-hidden "$ticket_path" -o /dev/null -w '%{http_code}')" 404 "a ticket used twice"
assert_eq "$(space_get alice-web / -H "Cookie: berth_visit=$pass_value" -o /dev/null -w '%{http_code}')" 200 \
  "a public Space, whatever the pass"
other_ticket=$(curl -s -b "$A" "$API/spaces/alice/hidden" | grep -o 'id="app-frame" src="[^"]*"' | grep -o 'ticket=[0-9a-f]*')
assert_eq "$(space_get alice-web "/.berth/visit?$other_ticket" -o /dev/null -w '%{http_code}')" 404 \
  "a private Space's ticket on another Space's host"
assert_eq "$(space_get alice-web "/cgi-bin/cookies" -H "Cookie: berth_visit=x")" "cookies: none" \
  "a pass cookie reaches no app"
grep -q 'ticket=' <<<"$(curl -s -b "$A" "$API/spaces/alice/web")" && fail "a public Space's frame carries a ticket"
pass "a private Space opens in its owner's frame through a single-use ticket; the pass opens only it"

# --- a Space page's event stream follows the container's log across instances ----------------
stream=$WORK/events.txt
curl -s -N -b "$A" --max-time 20 "$API/ui/events?space=alice/web&logs=run" >"$stream" &
stream_pid=$!
# The API's run log stream too (what huggingface_hub and the hf CLI read).
api_stream=$WORK/api-run-log.txt
curl -s -N -H "Authorization: Bearer $TOKEN" --max-time 20 "$API/api/spaces/alice/web/logs/run" >"$api_stream" &
api_stream_pid=$!
for _ in $(seq 50); do grep -q 'instance started' "$stream" && grep -q 'instance started' "$api_stream" && break; sleep 0.1; done
grep -q 'instance started' "$stream" || fail "the run log is not streamed: $(cat "$stream")"
grep -q 'instance started' "$api_stream" || fail "the API's run log is not streamed: $(cat "$api_stream")"
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -X POST "$API/api/spaces/alice/web/restart"
for _ in $(seq 100); do
  (($(grep -c 'instance started' "$stream") >= 2 && $(grep -c 'instance started' "$api_stream") >= 2)) && break
  sleep 0.1
done
kill "$stream_pid" "$api_stream_pid" 2>/dev/null; wait "$stream_pid" "$api_stream_pid" 2>/dev/null || true
(($(grep -c 'instance started' "$stream") >= 2)) ||
  fail "after a restart the stream still follows the old container's log: $(cat "$stream")"
(($(grep -c 'instance started' "$api_stream") >= 2)) ||
  fail "after a restart the API's run log still follows the old container's log: $(cat "$api_stream")"
pass "a Space page's event stream and the API's run log follow the log of each new instance"

# --- assets -----------------------------------------------------------------------------------
css=$(curl -s "$API/" | grep -o '/assets/berth\.[0-9a-f]*\.css')
h=$(headers "$API$css")
grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$h" || fail "$css is not cached for good: $h"
grep -qi '^content-type: text/css' <<<"$h" || fail "$css: wrong type: $h"
assert_eq "$(status "$API/assets/berth.000000000000.css")" 404 "an asset under a digest that is not its own"
pass "assets served by digest, cached for good"

# --- a long list comes in pages ----------------------------------------------------------------
for i in $(seq 1 64); do
  curl -s -o /dev/null -H "Authorization: Bearer $BOB" -H 'Content-Type: application/json' \
    -d "{\"type\":\"space\",\"name\":\"many-$i\"}" "$API/api/repos/create"
done
cards() { curl -s "$API/$1" | grep -o 'class="space-card"' | wc -l; }
first=$(curl -s "$API/")
assert_eq "$(grep -o 'class="space-card"' <<<"$first" | wc -l)" 60 "cards on the first page"
grep -q 'href="/?page=1">Next page' <<<"$first" || fail "no link to the next page"
assert_eq "$(cards '?page=1')" 5 "cards on the second page (65 public Spaces: alice/web and bob's 64)"
curl -s "$API/?page=1" | grep -q 'href="/?page=0">Previous page' || fail "no link back"
assert_eq "$(cards '?page=99')" 60 "a page past the end: the first"
assert_eq "$(cards '?search=many-6')" 6 "a search: many-6 and many-60…64"
(($(curl -s "$API/" | wc -c) < 40000)) || fail "a page of 60 cards is over 40 KB"
pass "a long list comes in pages of 60 cards"
