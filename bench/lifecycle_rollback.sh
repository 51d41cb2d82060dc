#!/usr/bin/env bash
# Rollback switch time (issue 16 (d)): a busybox httpd Space with two deploys (v1, v2); each
# round calls POST /api/spaces/{id}/rollback (no commit: the deploy before the current one, so
# the rounds alternate v1 ↔ v2) and times from the call to the first answer of the other
# version through the proxy (a fresh connection every poll, no pause between polls). Prints each
# round and the median, min and max; the API's own answer time is printed too (the rollback
# runs in the Space's deploy queue: the call does not wait for it). Also run by
# bench/lifecycle.sh. Needs root. Not a test.
#   ROUNDS (default 10)  PORT (default 18410)
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
ROUNDS=${ROUNDS:-10}
PORT=${PORT:-18410}
WORK=$(mktemp -d /tmp/berth-bench-rollback-XXXXXX)
export BERTH_ROOT=$WORK/berth GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
SERVER_PID=
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
cleanup() {
  # Each step may fail (the process is gone already) without skipping the ones after it.
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT
API=http://127.0.0.1:$PORT

"$SOURCE_DIR/scripts/make-busybox-rootfs" "$WORK/busybox.tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$WORK/busybox.tar" localhost/busybox:space >/dev/null
"$BERTH" serve --listen 127.0.0.1:$PORT >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && break; sleep 0.1; done
"$BERTH" user create bench >/dev/null
TOKEN=$("$BERTH" token create bench --write)
"$BERTH" space create bench/roll >/dev/null

repo=$WORK/roll
mkdir -p "$repo/app"
printf -- '---\nsdk: docker\napp_port: 7860\nstartup_duration_timeout: 1m\n---\n' >"$repo/README.md"
printf 'FROM localhost/busybox:space\nCOPY app /app\nCMD ["/app/start.sh"]\n' >"$repo/Dockerfile"
cat >"$repo/app/start.sh" <<'EOF'
#!/bin/sh
mkdir -p /tmp/www && echo "version $(cat /app/VERSION)" > /tmp/www/index.html
exec httpd -f -p 7860 -h /tmp/www
EOF
chmod +x "$repo/app/start.sh"
git -C "$repo" init -q -b main
# deploy VERSION: commits and pushes it, and waits until the Space answers with it.
deploy() {
  echo "$1" >"$repo/app/VERSION"
  git -C "$repo" add -A && git -C "$repo" commit -qm "version $1"
  git -C "$repo" push -q "http://bench:$TOKEN@127.0.0.1:$PORT/spaces/bench/roll.git" HEAD:main
  for _ in $(seq 1200); do
    [[ $(curl -s --resolve "bench-roll.localhost:$PORT:127.0.0.1" "http://bench-roll.localhost:$PORT/") == "version $1" ]] && return 0
    sleep 0.1
  done
  echo "version $1 did not serve: $(curl -s "$API/api/spaces/bench/roll/runtime")" >&2
  tail -5 "$WORK/serve.log" >&2
  exit 1
}
deploy 1
deploy 2
sleep 3  # v1's instance retired: every round starts from one serving instance

echo "-- rollback switch time: POST …/rollback to the first answer of the other version, $ROUNDS rounds --"
python3 - "$PORT" "$TOKEN" "$ROUNDS" <<'EOF'
import http.client, statistics, sys, time
port, token, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
host = f"bench-roll.localhost:{port}"

def page():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request("GET", "/", headers={"Host": host})
        r = c.getresponse()
        return r.status, r.read().decode().strip()
    finally:
        c.close()

switch, answer, failed = [], [], 0
for n in range(rounds):
    status, current = page()
    assert status == 200, (status, current)
    expected = "version 1" if current == "version 2" else "version 2"
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    start = time.monotonic()
    c.request("POST", f"/api/spaces/bench/roll/rollback", headers={"Authorization": f"Bearer {token}"})
    r = c.getresponse()
    r.read()
    answered = time.monotonic()
    assert r.status == 200, r.status
    while True:
        status, body = page()
        if status != 200:
            failed += 1
        if body == expected:
            break
        if time.monotonic() - start > 60:
            sys.exit(f"round {n + 1}: still '{body}' after 60 s")
    done = time.monotonic()
    switch.append((done - start) * 1000)
    answer.append((answered - start) * 1000)
    print(f"round {n + 1:2}: {current} -> {expected}: {switch[-1]:7.1f} ms (API answered in {answer[-1]:.1f} ms)")
    time.sleep(2.5)  # the old instance's drain and retirement, before the next round
print(f"rollback switch: median {statistics.median(switch):.1f} ms, min {min(switch):.1f} ms, "
      f"max {max(switch):.1f} ms over {rounds} rounds; API answer median "
      f"{statistics.median(answer):.1f} ms; failed requests while polling: {failed}")
EOF
