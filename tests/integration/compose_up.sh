#!/usr/bin/env bash
# `berth compose up/down/start/stop/...` end to end, as root: a frontend + backend project
# (busybox httpd services, depends_on, a published port, a named volume) reached by service
# name; a second `up` touching nothing; a change recreating only its service; scale 3 resolved
# by name; profiles, extends and two -f files; bad files refused with file:line errors; and
# `down -v` leaving no container, network, volume or host state behind.
source "$(dirname "$0")/lib.bash"
require_bridge_networking
import_busybox
B=("$BERTH")
cleanup "'$BERTH' system reset -f >/dev/null 2>&1"
remove_containers_at_exit

# What the project leaves on the host: its bridge and its containers' network namespaces (other
# Berth roots on the machine may come and go meanwhile, so only this root's are compared).
host_state() {
  local bridge
  for bridge in "$@"; do ip link show "$bridge" >/dev/null 2>&1 && echo "link $bridge"; done
  ls "$BERTH_ROOT"/containers 2>/dev/null | sed 's/^/container /'
  nft list ruleset 2>/dev/null | grep -F -e "${*:-no-bridge}" | sed 's/^/nft /' || true
}
port=$((20000 + RANDOM % 20000))

mkdir -p "$WORK/shop/backend"
cd "$WORK/shop"
# The backend answers with its hostname and a counter kept on the named volume; the frontend
# fetches the backend by its service name on every request.
cat > compose.yaml <<YAML
services:
  backend:
    image: localhost/bb:1
    command:
      - sh
      - -c
      - |
        mkdir -p /www/cgi-bin /data
        echo \$\$((\$\$(cat /data/count 2>/dev/null || echo 0) + 1)) > /data/count
        printf '#!/bin/sh\nprintf "Content-Type: text/plain\\\\r\\\\n\\\\r\\\\n"\necho "backend \$\$(hostname) start \$\$(cat /data/count) \$\$GREETING"\n' > /www/cgi-bin/api
        chmod +x /www/cgi-bin/api
        exec httpd -f -p 5000 -h /www
    environment:
      GREETING: hello
    volumes:
      - data:/data
  frontend:
    image: localhost/bb:1
    command:
      - sh
      - -c
      - |
        mkdir -p /www/cgi-bin
        printf '#!/bin/sh\nprintf "Content-Type: text/plain\\\\r\\\\n\\\\r\\\\n"\necho "frontend sees: \$\$(wget -q -O- http://backend:5000/cgi-bin/api)"\n' > /www/cgi-bin/index
        chmod +x /www/cgi-bin/index
        exec httpd -f -p 80 -h /www
    ports:
      - "127.0.0.1:${port}:80"
    depends_on:
      - backend
volumes:
  data: {}
YAML

fetch() { timeout 5 busybox wget -q -O- "http://127.0.0.1:$port/cgi-bin/index" 2>/dev/null || true; }
wait_fetch() {
  local out
  for _ in $(seq 200); do  # 20 s: a loaded machine starts slowly
    out=$(fetch)
    [[ $out == *"$1"* ]] && { echo "$out"; return 0; }
    sleep 0.1
  done
  fail "no answer containing '$1' on port $port (last: '$out')"
}

"${B[@]}" compose up -d 2> "$WORK/up1.err" || fail "compose up failed: $(cat "$WORK/up1.err")"
grep -q ' Network shop_default  Created' "$WORK/up1.err" || fail "no network progress line: $(cat "$WORK/up1.err")"
grep -q ' Volume "shop_data"  Created' "$WORK/up1.err" || fail "no volume progress line"
grep -q ' Container shop-frontend-1  Started' "$WORK/up1.err" || fail "no start progress line"
# Dependency order: the backend is started before the frontend is created.
[[ $(grep -n 'shop-backend-1  Started' "$WORK/up1.err" | cut -d: -f1) -lt $(grep -n 'shop-frontend-1  Creating' "$WORK/up1.err" | cut -d: -f1) ]] ||
  fail "frontend created before the backend started: $(cat "$WORK/up1.err")"
out=$(wait_fetch "backend")
[[ $out == "frontend sees: backend "*" start 1 hello" ]] || fail "unexpected answer: $out"
pass "up: frontend reaches backend by service name through the published port ($out)"

assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | sort | tr '\n' ' ')" "shop-backend-1 shop-frontend-1 " "container names"
assert_eq "$("${B[@]}" inspect -f '{{index .Config.Labels "com.docker.compose.project"}} {{index .Config.Labels "com.docker.compose.service"}} {{index .Config.Labels "com.docker.compose.container-number"}} {{index .Config.Labels "com.docker.compose.oneoff"}}' shop-backend-1)" "shop backend 1 False" "compose labels"
assert_eq "$("${B[@]}" network inspect -f '{{index .Labels "com.docker.compose.network"}}' shop_default)" "default" "network label"
assert_eq "$("${B[@]}" volume inspect -f '{{index .Labels "com.docker.compose.volume"}}' shop_data)" "data" "volume label"
pass "labels and names as docker compose gives them"

ids_before=$("${B[@]}" ps -q --no-trunc | sort)
"${B[@]}" compose up -d 2> "$WORK/up2.err" || fail "second up failed"
assert_eq "$("${B[@]}" ps -q --no-trunc | sort)" "$ids_before" "a second up keeps every container"
grep -q 'Recreate\|Creating\|Starting' "$WORK/up2.err" && fail "a second up changed something: $(cat "$WORK/up2.err")"
grep -q ' Container shop-backend-1  Running' "$WORK/up2.err" || fail "no Running line: $(cat "$WORK/up2.err")"
pass "a second up with nothing changed touches nothing"

front_id=$("${B[@]}" inspect -f '{{.Id}}' shop-frontend-1)
sed -i 's/GREETING: hello/GREETING: bonjour/' compose.yaml
"${B[@]}" compose up -d 2> "$WORK/up3.err" || fail "third up failed: $(cat "$WORK/up3.err")"
grep -q ' Container shop-backend-1  Recreate' "$WORK/up3.err" || fail "backend not recreated: $(cat "$WORK/up3.err")"
assert_eq "$("${B[@]}" inspect -f '{{.Id}}' shop-frontend-1)" "$front_id" "the frontend is kept"
out=$(wait_fetch "bonjour")
[[ $out == *"start 2 bonjour" ]] || fail "the named volume did not keep the counter: $out"
pass "a changed service is recreated, its dependent kept, the named volume's data kept ($out)"

"${B[@]}" compose stop 2> "$WORK/stop.err" || fail "compose stop failed"
[[ $(grep -n 'shop-frontend-1  Stopping' "$WORK/stop.err" | cut -d: -f1) -lt $(grep -n 'shop-backend-1  Stopping' "$WORK/stop.err" | cut -d: -f1) ]] ||
  fail "stop order: $(cat "$WORK/stop.err")"
assert_eq "$("${B[@]}" ps -q | wc -l)" "0" "everything stopped"
"${B[@]}" compose start 2>/dev/null || fail "compose start failed"
wait_fetch "start 3" >/dev/null
"${B[@]}" compose pause backend 2>/dev/null
assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' shop-backend-1)" "paused" "paused"
"${B[@]}" compose unpause 2>/dev/null
"${B[@]}" compose restart frontend 2>/dev/null || fail "compose restart failed"
wait_fetch "start 3" >/dev/null
"${B[@]}" compose kill -s SIGKILL backend 2>/dev/null
# kill sends the signal and returns, as docker's does: the exit follows.
for _ in $(seq 100); do
  [[ $("${B[@]}" inspect -f '{{.State.Status}}' shop-backend-1) == exited ]] && break
  sleep 0.1
done
assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' shop-backend-1)" "exited" "killed"
"${B[@]}" compose rm -f backend 2>/dev/null
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c backend || true)" "0" "rm removed the stopped backend"
"${B[@]}" compose up -d 2>/dev/null
wait_fetch "start 4" >/dev/null
pass "stop (dependents first), start, pause, unpause, restart, kill, rm"

# Scale: three workers, each answering with its hostname, all behind the service's name.
cat > "$WORK/shop/compose.scale.yaml" <<'YAML'
services:
  worker:
    image: localhost/bb:1
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]
  probe:
    image: localhost/bb:1
    command: ["sleep", "1000"]
YAML
"${B[@]}" compose -f compose.yaml -f compose.scale.yaml up -d --scale worker=3 2>/dev/null || fail "scale up failed"
assert_eq "$("${B[@]}" ps --format '{{.Names}}' | grep -c 'shop-worker-[123]$')" "3" "three workers"
seen=$("${B[@]}" exec shop-probe-1 sh -c 'for i in $(seq 30); do wget -q -O- http://worker/; done' | sort -u | wc -l)
[[ $seen -ge 1 ]] || fail "the service name resolves to no worker"
addresses=$("${B[@]}" exec shop-probe-1 nslookup worker 2>/dev/null | grep 'Address.*10\.' | grep -vc ':53$' || true)
[[ $addresses -eq 3 ]] || fail "worker resolves to $addresses addresses, expected 3: $("${B[@]}" exec shop-probe-1 nslookup worker 2>&1)"
"${B[@]}" compose -f compose.yaml -f compose.scale.yaml up -d --scale worker=1 2>/dev/null
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c 'shop-worker-')" "1" "scaled back to one"
"${B[@]}" compose -f compose.yaml -f compose.scale.yaml down 2>/dev/null
pass "scale 3: the service name resolves to all three; scale 1 removes two"

# A published host range for one container port: each container takes the first free port of
# it; a third container finds none.
mkdir -p "$WORK/ranged" && cd "$WORK/ranged"
range=$((port + 100))
cat > compose.yaml <<YAML
services:
  r:
    image: localhost/bb:1
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1:${range}-$((range + 1)):80"]
YAML
"${B[@]}" compose up -d --scale r=2 2>/dev/null || fail "up with a port range failed"
p1=$("${B[@]}" port ranged-r-1 80)
p2=$("${B[@]}" port ranged-r-2 80)
[[ $p1 != "$p2" && $p1 == 127.0.0.1:${range} || $p1 == 127.0.0.1:$((range + 1)) ]] || fail "ports from the range: $p1 $p2"
[[ $p2 == 127.0.0.1:${range} || $p2 == 127.0.0.1:$((range + 1)) ]] || fail "ports from the range: $p1 $p2"
for p in "$p1" "$p2"; do
  for _ in $(seq 50); do timeout 5 busybox wget -q -O- "http://$p/" >/dev/null 2>&1 && break; sleep 0.1; done
  timeout 5 busybox wget -q -O- "http://$p/" >/dev/null 2>&1 || fail "nothing answers on $p"
done
expect_failure 1 "every port of the range is already allocated" "${B[@]}" compose up -d --scale r=3
"${B[@]}" compose down 2>/dev/null
pass "a host port range: one free port each ($p1, $p2), none for a third"

# A database-like service with a healthcheck gates its dependent: the app is created only once
# the db turned healthy (it becomes ready 1.5 s after start), and `up --wait` returns healthy.
mkdir -p "$WORK/health" && cd "$WORK/health"
cat > compose.yaml <<'YAML'
services:
  db:
    image: localhost/bb:1
    command: ["sh", "-c", "sleep 1.5; touch /tmp/ready; exec sleep 100000"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      start_interval: 200ms
      start_period: 20s
  app:
    image: localhost/bb:1
    command: ["sleep", "100000"]
    depends_on:
      db: {condition: service_healthy}
YAML
"${B[@]}" compose up -d 2> "$WORK/health.err" || fail "health-gated up failed: $(cat "$WORK/health.err")"
[[ $(grep -n 'health-db-1  Healthy' "$WORK/health.err" | cut -d: -f1) -lt $(grep -n 'health-app-1  Creating' "$WORK/health.err" | cut -d: -f1) ]] ||
  fail "app created before db was healthy: $(cat "$WORK/health.err")"
assert_eq "$("${B[@]}" inspect -f '{{.State.Health.Status}}' health-db-1)" "healthy" "db health"
"${B[@]}" ps --format '{{.Names}} {{.Status}}' | grep -q 'health-db-1 Up .*(healthy)' || fail "ps shows no health: $("${B[@]}" ps)"
"${B[@]}" compose down 2>/dev/null
sed -i 's/touch \/tmp\/ready; //' compose.yaml  # never ready: retries run out during --wait
sed -i 's/start_period: 20s/start_period: 0s/' compose.yaml
expect_failure 1 'dependency failed to start: container health-db-1 is unhealthy' "${B[@]}" compose up -d
"${B[@]}" compose down 2>/dev/null
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c '^health-' || true)" "0" "down after the failed up"
pass "healthcheck gates the dependent (service_healthy); an unhealthy db stops the up with compose's error"

# A foreground up: the services' logs with compose's prefixes until they exit (exit 0), and
# Ctrl-C stopping the project gracefully (exit 130).
mkdir -p "$WORK/fg" && cd "$WORK/fg"
cat > compose.yaml <<'YAML'
services:
  once:
    image: localhost/bb:1
    command: ["sh", "-c", "echo hello from once; exit 0"]
  twice:
    image: localhost/bb:1
    command: ["sh", "-c", "echo hello from twice; sleep 0.5; echo bye from twice; exit 3"]
YAML
out=$(timeout 60 "${B[@]}" compose up 2>/dev/null) || fail "foreground up of exiting services failed: $out"
[[ $out == *"Attaching to "* ]] || fail "no Attaching line: $out"
[[ $out == *"once-1   | hello from once"* ]] || fail "no prefixed log line: $out"
[[ $out == *"twice-1  | bye from twice"* ]] || fail "no later log line: $out"
[[ $out == *"twice-1 exited with code 3"* ]] || fail "no exit line: $out"
cat > compose.yaml <<'YAML'
services:
  server:
    image: localhost/bb:1
    command: ["sh", "-c", "trap 'echo got TERM; exit 0' TERM; echo serving; while :; do sleep 0.1; done"]
YAML
"${B[@]}" compose up > "$WORK/fg.out" 2> "$WORK/fg.err" &
up_pid=$!
for _ in $(seq 100); do grep -q 'server-1  | serving' "$WORK/fg.out" && break; sleep 0.1; done
grep -q 'server-1  | serving' "$WORK/fg.out" || fail "no log while attached: $(cat "$WORK/fg.out" "$WORK/fg.err")"
kill -INT "$up_pid"
rc=0
wait "$up_pid" || rc=$?
assert_eq "$rc" "130" "exit status after Ctrl-C"
grep -q 'Gracefully stopping... (press Ctrl+C again to force)' "$WORK/fg.err" || fail "no stopping notice: $(cat "$WORK/fg.err")"
assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' fg-server-1)" "exited" "Ctrl-C stopped the service"
"${B[@]}" compose down 2> "$WORK/fg-down.err"
grep -q 'Found orphan containers (\[fg-once-1 fg-twice-1\])' "$WORK/fg-down.err" || fail "no orphan warning: $(cat "$WORK/fg-down.err")"
"${B[@]}" compose down --remove-orphans 2>/dev/null
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c '^fg-' || true)" "0" "down --remove-orphans"
pass "foreground up: prefixed logs and exit lines; Ctrl-C stops the project (exit 130)"

# A build: secret reaches RUN --mount=type=secret under its id, and stays out of the image.
mkdir -p "$WORK/sec/app" && cd "$WORK/sec"
printf 's3cret' > token.txt
printf 'FROM localhost/bb:1\nRUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = s3cret && touch /built-with-secret\n' > app/Dockerfile
cat > compose.yaml <<'YAML'
services:
  app:
    build:
      context: ./app
      secrets: [token]
    command: ["sleep", "100000"]
secrets:
  token:
    file: ./token.txt
YAML
"${B[@]}" compose build 2> "$WORK/sec-build.err" || fail "compose build with a secret failed: $(cat "$WORK/sec-build.err")"
assert_eq "$("${B[@]}" compose run --rm -T app sh -c 'ls /built-with-secret; cat /run/secrets/token 2>/dev/null || echo absent' 2>/dev/null | tr '\n' ' ')" "/built-with-secret absent " "the secret was mounted for the build only"
"${B[@]}" compose down --rmi local 2>/dev/null
"${B[@]}" image inspect sec-app >/dev/null 2>&1 && fail "down --rmi local left the built image"
pass "build.secrets reach RUN --mount=type=secret; down --rmi local removes the built image"

# Profiles, extends and two -f files merged.
mkdir -p "$WORK/prof" && cd "$WORK/prof"
cat > base.yaml <<'YAML'
services:
  common:
    image: localhost/bb:1
    command: ["sleep", "1000"]
    environment: {ROLE: base}
YAML
cat > compose.yaml <<'YAML'
services:
  app:
    extends: {file: base.yaml, service: common}
    environment: {ROLE: app}
  debug:
    image: localhost/bb:1
    command: ["sleep", "1000"]
    profiles: [debug]
YAML
cat > override.yaml <<'YAML'
services:
  app:
    environment: {EXTRA: "from-override"}
YAML
"${B[@]}" compose -f compose.yaml -f override.yaml up -d 2>/dev/null || fail "profiles up failed"
assert_eq "$("${B[@]}" ps --format '{{.Names}}' | grep prof- | sort | tr '\n' ' ')" "prof-app-1 " "the debug profile is off"
assert_eq "$("${B[@]}" exec prof-app-1 sh -c 'echo $ROLE $EXTRA')" "app from-override" "extends + -f merge"
"${B[@]}" compose -f compose.yaml -f override.yaml --profile debug up -d 2>/dev/null
assert_eq "$("${B[@]}" ps --format '{{.Names}}' | grep prof- | sort | tr '\n' ' ')" "prof-app-1 prof-debug-1 " "--profile debug"
"${B[@]}" compose -f compose.yaml -f override.yaml --profile debug down 2>/dev/null
pass "extends, two -f files and --profile"

# Bad files: exact errors, exit 1, nothing created.
mkdir -p "$WORK/bad" && cd "$WORK/bad"
printf 'services:\n  web:\n    image: localhost/bb:1\n    ports:\n      - "80:80:80"\n' > compose.yaml
expect_failure 1 'compose.yaml:5: services.web.ports[0]: invalid port "80:80:80"' "${B[@]}" compose up -d
printf 'services:\n  a:\n    image: localhost/bb:1\n    depends_on: [b]\n  b:\n    image: localhost/bb:1\n    depends_on: [a]\n' > compose.yaml
expect_failure 1 'dependency cycle' "${B[@]}" compose up -d
printf 'services:\n  a:\n    image: localhost/bb:1\n    privileged: true\n' > compose.yaml
expect_failure 1 'service "a": privileged is not supported yet by berth' "${B[@]}" compose up -d
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c '^bad-' || true)" "0" "bad files create nothing"
pass "bad files refused with file:line errors, nothing created"

# down -v leaves nothing of the project.
cd "$WORK/shop"
"${B[@]}" compose up -d 2>/dev/null || fail "up before down -v failed"
bridge=$("${B[@]}" network inspect -f '{{index .Options "com.docker.network.bridge.name"}}' shop_default)
[[ -n $(host_state "$bridge") ]] || fail "host_state sees nothing of the running project"
"${B[@]}" compose down -v 2> "$WORK/down.err" || fail "down failed: $(cat "$WORK/down.err")"
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | tr '\n' ' ')" "" "no container left"
"${B[@]}" network ls --format '{{.Name}}' | grep -q '^shop_' && fail "a network is left"
"${B[@]}" volume ls --format '{{.Name}}' | grep -q . && fail "a volume is left: $("${B[@]}" volume ls)"
"${B[@]}" compose down -v 2>/dev/null || fail "a second down failed"
after=""
for _ in $(seq 50); do
  after=$(host_state "$bridge")
  [[ -z $after ]] && break
  sleep 0.1
done
[[ -z $after ]] || fail "down -v left on the host: $after"
pass "down -v: no container, network, volume or host state left"
