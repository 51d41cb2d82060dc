#!/usr/bin/env bash
# The web UI (docs/web-ui.md) with 100 Spaces defined and a few deployed:
# (a) page weight: each page's HTML plus the CSS and JS it links, uncompressed (target < 60 KB);
# (b) server time per page: median and p99 of N requests on one kept-alive connection (a small
#     Python loop: request sent to body read), against nginx serving a static file of the same
#     bytes in the same run, and their ratio (target < 5 ms);
# (c) `git push` to a browser (Chromium, puppeteer-core) seeing the demo Space's badge turn
#     RUNNING, against the API polled every 50 ms for the same push: first push and a
#     code-only change.
# Needs root, the base image cache (scripts/base-image) for (c), node and npm for (c). Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
SPACES=${SPACES:-100}
DEPLOYED=${DEPLOYED:-5}
N=${N:-500}
WORK=$(mktemp -d /tmp/berth-bench-webui-XXXXXX)
export BERTH_ROOT=$WORK/berth GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
SERVER_PID= NGINX_PID=
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
BROWSER_NETNS=
cleanup() {
  [[ -z $BROWSER_NETNS ]] || ip netns del "$BROWSER_NETNS" 2>/dev/null || true
  [[ -z $NGINX_PID ]] || kill "$NGINX_PID" 2>/dev/null || true
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
NGINX_PORT=$(free_port)
API=http://127.0.0.1:$PORT
UI_HOST=localhost:$PORT
command -v nginx >/dev/null || apt-get install -y -qq nginx-light >/dev/null 2>&1 ||
  { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }

"$SOURCE_DIR/scripts/make-busybox-rootfs" "$WORK/busybox.tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$WORK/busybox.tar" localhost/busybox:space >/dev/null
# On every address: (c)'s browser reaches it from a network namespace of its own.
"$BERTH" serve --listen 0.0.0.0:$PORT --domain localhost >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && break; sleep 0.1; done
"$BERTH" user create bench >/dev/null
TOKEN=$("$BERTH" token create bench --write)

echo "-- $SPACES Spaces, $DEPLOYED deployed (busybox httpd) --"
app=$WORK/app
mkdir -p "$app/www"
printf -- '---\ntitle: Bench\nsdk: docker\napp_port: 7860\n---\n\n# A benchmark Space\n' >"$app/README.md"
printf 'FROM localhost/busybox:space\nCOPY www /www\nCMD ["httpd", "-f", "-p", "7860", "-h", "/www"]\n' >"$app/Dockerfile"
echo "hello" >"$app/www/index.html"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm "a benchmark Space"
for i in $(seq 1 "$SPACES"); do "$BERTH" space create "bench/s$i" >/dev/null; done
for i in $(seq 1 "$DEPLOYED"); do git -C "$app" push -q "http://bench:$TOKEN@127.0.0.1:$PORT/spaces/bench/s$i.git" HEAD:main; done
stage() { curl -s "$API/api/spaces/bench/$1/runtime" | jq -r .stage; }
for i in $(seq 1 "$DEPLOYED"); do
  for _ in $(seq 1200); do [[ $(stage "s$i") == RUNNING ]] && break; sleep 0.1; done
  [[ $(stage "s$i") == RUNNING ]] || { echo "s$i is $(stage "s$i")" >&2; tail -5 "$WORK/serve.log" >&2; exit 1; }
done

# A session: POST /login with the token, the cookie from its answer.
SESSION=$(curl -s -o /dev/null -D - -H "Host: $UI_HOST" --data-urlencode "token=$TOKEN" --data-urlencode "next=/" "$API/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: *berth_session=\([^;]*\).*/\1/p' | tr -d '\r')
[[ -n $SESSION ]] || { echo "no session from POST /login (is the web UI in this build?)" >&2; exit 1; }

PAGES=(/login / /new /tokens /spaces/bench/s1 /spaces/bench/s1/tree/main /spaces/bench/s1/blob/main/Dockerfile
  /spaces/bench/s1/commits/main /spaces/bench/s1/logs /spaces/bench/s1/settings /spaces/bench/s50)
mkdir -p "$WORK/static"
cat >"$WORK/measure.py" <<'PY'
# measure.py weight|time …: (a) and (b) for the pages on argv, through one kept-alive
# connection each; the pages' HTML is saved under static/ for nginx.
import html.parser, http.client, json, math, os, sys, time, urllib.parse

mode, port, host, session, work, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
pages = sys.argv[7:]
signed_in = {"Host": host, "Cookie": f"berth_session={session}"}
signed_out = {"Host": host}
# /login is for the signed out (signed in, it redirects); every other page is signed in.
headers_for = lambda page: signed_out if page == "/login" else signed_in

class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.css = []; self.js = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"): self.css.append(a["href"])
        if tag == "script" and a.get("src"): self.js.append(a["src"])

def get(conn, path, hdrs):
    conn.request("GET", path, headers=hdrs)
    r = conn.getresponse()
    return r.status, r.read()

def static_name(page):
    return "page" + page.replace("/", "_") + ".html"

if mode == "weight":
    conn = http.client.HTTPConnection("127.0.0.1", port)
    print(f"{'page':<42} {'HTML':>8} {'CSS':>8} {'JS':>8} {'total':>9}")
    for page in pages:
        status, body = get(conn, page, headers_for(page))
        if status != 200: sys.exit(f"GET {page}: {status}")
        with open(os.path.join(work, "static", static_name(page)), "wb") as f: f.write(body)
        links = Links(); links.feed(body.decode("utf-8", "replace"))
        sizes = {}
        for kind, urls in (("css", links.css), ("js", links.js)):
            total = 0
            for url in urls:
                u = urllib.parse.urlsplit(urllib.parse.urljoin(f"http://{host}{page}", url))
                if u.netloc != host: sys.exit(f"{page} links {url}, not on the UI's host")
                s, b = get(conn, u.path + (f"?{u.query}" if u.query else ""), signed_in)
                if s != 200: sys.exit(f"{page}: {url}: {s}")
                total += len(b)
            sizes[kind] = total
        total = len(body) + sizes["css"] + sizes["js"]
        flag = "" if total < 60 * 1024 else "   over 60 KB"
        print(f"{page:<42} {len(body):>8} {sizes['css']:>8} {sizes['js']:>8} {total / 1024:>7.1f} KB{flag}")
else:
    nginx_port = int(os.environ["NGINX_PORT"])
    def measure(port, path, hdrs):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        times = []
        for i in range(n + 20):
            t = time.perf_counter()
            status, _ = get(conn, path, hdrs)
            dt = time.perf_counter() - t
            if status != 200: sys.exit(f"GET {path} on {port}: {status}")
            if i >= 20: times.append(dt * 1000)  # the first 20 warm the connection and caches
        times.sort()
        return times[len(times) // 2], times[min(len(times) - 1, math.ceil(len(times) * 0.99) - 1)]
    print(f"{'page':<42} {'berth med':>9} {'p99':>7} {'nginx med':>9} {'p99':>7} {'ratio':>6}   (ms; target < 5 ms)")
    worst = 0
    for page in pages:
        b = measure(port, page, headers_for(page))
        x = measure(nginx_port, "/" + static_name(page), {"Host": "localhost"})
        worst = max(worst, b[1])
        print(f"{page:<42} {b[0]:>9.3f} {b[1]:>7.3f} {x[0]:>9.3f} {x[1]:>7.3f} {b[0] / x[0]:>6.1f}")
    print(f"worst p99: {worst:.3f} ms")
PY

echo "-- (a) page weight at $SPACES Spaces: HTML + linked CSS + JS, bytes, uncompressed (target < 60 KB) --"
python3 "$WORK/measure.py" weight "$PORT" "$UI_HOST" "$SESSION" "$WORK" 0 "${PAGES[@]}"

echo "-- (b) server time per page at $SPACES Spaces, $N requests each on a kept-alive connection, vs nginx serving the same bytes --"
cat >"$WORK/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $WORK/nginx.pid; error_log stderr;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK;
  uwsgi_temp_path $WORK; scgi_temp_path $WORK; keepalive_requests 1000000; default_type text/html;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/static; } }
CONF
nginx -c "$WORK/nginx.conf" -e stderr 2>"$WORK/nginx.log" &
NGINX_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT/page_.html" && break; sleep 0.1; done
NGINX_PORT=$NGINX_PORT python3 "$WORK/measure.py" time "$PORT" "$UI_HOST" "$SESSION" "$WORK" "$N" "${PAGES[@]}"
kill "$NGINX_PID"; NGINX_PID=

echo "-- (c) git push to the browser seeing RUNNING (demo Space, examples/spaces/hello-fastapi) vs the API polled every 50 ms --"
CHROMIUM=$(command -v chromium || true)
TOOLS=$WORK/browser
if [[ -z $CHROMIUM ]]; then
  echo "(c) skipped: no chromium (apt-get install chromium)"
elif ! (mkdir -p "$TOOLS" && cd "$TOOLS" && echo '{"private": true}' >package.json &&
        timeout 300 npm install --silent --no-audit --no-fund puppeteer-core@24 >"$WORK/npm.log" 2>&1); then
  echo "(c) skipped: npm could not install puppeteer-core"; tail -3 "$WORK/npm.log"
elif ! BERTH=$BERTH "$SOURCE_DIR/scripts/base-image" >"$WORK/base-image.log" 2>&1; then
  echo "(c) skipped: no Debian base image (scripts/base-image):"; tail -3 "$WORK/base-image.log"
else
  cp "$SOURCE_DIR/bench/web_ui_push.mjs" "$TOOLS/"
  # Chromium aborts requests when an interface appears on its host, as a deploy's veth does.
  source "$SOURCE_DIR/tests/integration/tools/browser_netns.bash"
  browser_netns "$CHROMIUM" "$TOOLS" || { echo "(c): cannot make a network namespace for the browser" >&2; exit 1; }
  curl -fs "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"hello","type":"space","sdk":"docker","variables":[{"key":"GREETING","value":"Hello from a Berth variable"}],"secrets":[{"key":"DEMO_SECRET","value":"bench"}]}' >/dev/null
  rm -rf "$WORK/hello"; cp -r "$SOURCE_DIR/examples/spaces/hello-fastapi" "$WORK/hello"
  git -C "$WORK/hello" init -q -b main && git -C "$WORK/hello" add -A && git -C "$WORK/hello" commit -qm hello-fastapi
  push_seen() {  # push_seen LABEL
    local out
    out=$(cd "$TOOLS" && UI_BASE=http://localhost:$PORT PORT=$PORT TOKEN=$TOKEN SPACE=bench/hello REPO=$WORK/hello \
      CHROMIUM=$TOOLS/chromium SERVER_IP=$BROWSER_HOST_IP node web_ui_push.mjs) || { echo "(c) $1: failed"; tail -5 "$WORK/serve.log"; return 1; }
    jq -r --arg l "$1" '"\($l): browser \(.browser * 100 | round / 100) s, API poll \(.api * 100 | round / 100) s, browser - API \((.browser - .api) * 1000 | round) ms   (\(.stages | join(" → ")))"' <<<"$out"
  }
  push_seen "first push (apt layer built)"
  echo "# a code change" >>"$WORK/hello/app.py"; git -C "$WORK/hello" commit -qam code
  push_seen "code-only change"
  echo "# another code change" >>"$WORK/hello/app.py"; git -C "$WORK/hello" commit -qam code2
  push_seen "code-only change, again"
fi
