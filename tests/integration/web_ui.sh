#!/usr/bin/env bash
# The web UI in a real browser (docs/web-ui.md): Debian's Chromium, headless, driven by
# puppeteer-core (tools/web_ui_browser.mjs), with axe-core run on every page in light and dark.
# Signs in with a token (a wrong one is refused; next= never leaves the site), creates and
# revokes a read token (shown once), creates a Space through /new, pushes a busybox app with
# git and watches its build log stream and its badge turn RUNNING without reload, sees the app
# in #app-frame from the Space's own host, reads Files, a file and Commits, sets a variable
# (redeploy; the app sees it) and a secret (no value in any page), pauses and resumes, checks
# 360 px layouts, CSRF refusals and every page's Content-Security-Policy, deletes the Space by
# typing its name and signs out. Screenshots: $WORK/screenshots, copied to
# ${BERTH_TEST_ARTIFACTS:-build/test-artifacts}/web_ui/. Skipped when no Chromium can be found
# or installed, or npm cannot install puppeteer-core and axe-core.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"
source "$(dirname "$0")/tools/browser_netns.bash"
require_tool node nodejs
require_tool npm
require_tool ip iproute2

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $CHROMIUM ]]; then
  echo "no chromium: installing Debian's (apt-get install chromium)"
  { timeout 120 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq chromium; } \
    >"$WORK/apt.log" 2>&1 || { tail -5 "$WORK/apt.log"; skip "no chromium, and apt-get could not install it"; }
  CHROMIUM=$(command -v chromium || true)
  [[ -n $CHROMIUM ]] || skip "no chromium after apt-get install chromium"
fi
"$CHROMIUM" --version 2>/dev/null | grep -q . || skip "$CHROMIUM does not run"

TOOLS=$WORK/browser
mkdir -p "$TOOLS"
(cd "$TOOLS" && echo '{"private": true, "type": "module"}' >package.json &&
  timeout 300 npm install --silent --no-audit --no-fund puppeteer-core@24 axe-core@4 >"$WORK/npm.log" 2>&1) ||
  { tail -5 "$WORK/npm.log"; skip "npm cannot install puppeteer-core and axe-core"; }
# ES modules resolve packages from the script's own folder: the script runs from $TOOLS.
cp "$SOURCE_DIR/tests/integration/tools/web_ui_browser.mjs" "$TOOLS/"
browser_netns "$CHROMIUM" "$TOOLS" || fail "cannot make a network namespace for the browser"
cleanup "ip netns del '$BROWSER_NETNS'"

ARTIFACTS=${BERTH_TEST_ARTIFACTS:-$SOURCE_DIR/build/test-artifacts}/web_ui
rm -rf "$ARTIFACTS"
mkdir -p "$WORK/screenshots" "$ARTIFACTS"
cleanup "cp -r '$WORK/screenshots/.' '$ARTIFACTS/' && echo 'screenshots: $ARTIFACTS'"
cleanup "'$BERTH' space rm alice/webapp >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
TOKEN=$("${B[@]}" token create alice --write)

# The app: busybox httpd with a page and a CGI that says what the Space's settings give it
# (a variable's value; whether the secret is set, never its value). The build's steps are
# seconds apart, so that its log is seen to stream, and the app takes 2 s to start, so that a
# redeploy's stage lasts longer than the stage stream's 0.5 s between reads. CGI headers end in
# CRLF (the proxy refuses bare LF).
APP=$WORK/webapp
mkdir -p "$APP/app/cgi-bin"
cat >"$APP/README.md" <<'MD'
---
title: Web app
sdk: docker
app_port: 7860
---
MD
cat >"$APP/Dockerfile" <<'DOCKERFILE'
FROM localhost/busybox:space
RUN echo build-marker-one
RUN sleep 4
RUN echo build-marker-two
COPY --chown=1000:1000 app /app
CMD ["/bin/sh", "-c", "sleep 2; exec /bin/httpd -f -p 7860 -h /app"]
DOCKERFILE
cat >"$APP/app/index.html" <<'HTML'
<!doctype html>
<html lang="en"><title>webapp</title><p>hello from webapp</p></html>
HTML
cat >"$APP/app/cgi-bin/env" <<'CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "greeting ${GREETING:-none}"
if [ -n "$API_KEY" ]; then echo "secret yes"; else echo "secret no"; fi
CGI
chmod +x "$APP/app/cgi-bin/env"
git -C "$APP" init -q && git -C "$APP" add -A && git -C "$APP" commit -qm "first commit of webapp"

start_server
# The UI's host is the domain itself (localhost); Spaces are {owner}-{name}.localhost.
UI_BASE=http://localhost:$PORT
code=$(curl -s -o /dev/null -w '%{http_code}' --resolve "localhost:$PORT:127.0.0.1" "$UI_BASE/login")
[[ $code == 200 ]] || fail "GET /login: $code (is the web UI in this build?)"

status=0
(cd "$TOOLS" && UI_BASE=$UI_BASE PORT=$PORT TOKEN=$TOKEN OWNER=alice NAME=webapp APP_REPO=$APP \
  CHROMIUM=$TOOLS/chromium SERVER_IP=$BROWSER_HOST_IP AXE_JS=$TOOLS/node_modules/axe-core/axe.min.js SHOTS=$WORK/screenshots \
  timeout 600 node web_ui_browser.mjs) || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- serve.log (last 20 lines)"; tail -20 "$WORK/serve.log"
  fail "the web UI in Chromium (exit $status; findings above)"
fi
pass "the web UI in Chromium: sign-in, tokens, new Space, push, live logs and stage, app frame, files, settings, pause, 360 px, CSRF, CSP, delete, sign-out; axe clean in light and dark"
