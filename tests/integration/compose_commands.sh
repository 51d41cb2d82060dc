#!/usr/bin/env bash
# The read-side and one-off `berth compose` commands end to end, as root, on a project that
# `compose up -d` started: ps (names, -a, -q, --services, --format json), logs (prefixes,
# --tail, -f ending when the containers exit), exec (exit code, env, -T), run --rm (one-off
# label, exit code, removed after), top, port, attach, images, ls, pull of a missing image, and
# `compose down` leaving no container, network or volume of the project.
source "$(dirname "$0")/lib.bash"
require_bridge_networking
import_busybox
B=("$BERTH")
cleanup "'$BERTH' system reset -f >/dev/null 2>&1"
remove_containers_at_exit
port=$((20000 + RANDOM % 20000))

mkdir -p "$WORK/cmds"
cd "$WORK/cmds"
cat > compose.yaml <<YAML
services:
  web:
    image: localhost/bb:1
    command: ["sh", "-c", "echo web-start; echo web-err >&2; mkdir -p /www; exec httpd -f -p 80 -h /www"]
    environment:
      ROLE: front
    ports:
      - "${port}:80"
    depends_on: [db]
  db:
    image: localhost/bb:1
    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo db-line-\$\$i; done; exec sleep 1000"]
    volumes:
      - data:/data
  job:
    image: localhost/bb:1
    command: ["sh", "-c", "echo job-done; exit 3"]
    profiles: [jobs]
volumes:
  data: {}
YAML

"${B[@]}" compose up -d 2> "$WORK/up.err" || fail "compose up failed: $(cat "$WORK/up.err")"

# ps
out=$("${B[@]}" compose ps)
head=$(echo "$out" | head -1)
[[ $head =~ ^NAME\ +IMAGE\ +COMMAND\ +SERVICE\ +CREATED\ +STATUS\ +PORTS$ ]] || fail "ps header: $head"
assert_eq "$(echo "$out" | tail -n +2 | awk '{print $1}' | tr '\n' ' ')" "cmds-db-1 cmds-web-1 " "ps names"
echo "$out" | grep 'cmds-web-1' | grep -q "0.0.0.0:${port}->80/tcp" || fail "ps ports: $out"
echo "$out" | grep 'cmds-web-1' | grep -q ' web .*Up ' || fail "ps service/status: $out"
assert_eq "$("${B[@]}" compose ps -q | sort)" "$("${B[@]}" ps -q --no-trunc | sort)" "ps -q: full IDs"
assert_eq "$("${B[@]}" compose ps --services | tr '\n' ' ')" "db web " "ps --services"
json=$("${B[@]}" compose ps --format json web)
assert_eq "$(echo "$json" | wc -l)" "1" "ps --format json: one object per line"
python3 - "$json" "$port" <<'PY' || fail "ps json: $json"
import json, sys
o = json.loads(sys.argv[1])
assert o["Name"] == "cmds-web-1" and o["Service"] == "web" and o["Project"] == "cmds", o
assert o["State"] == "running" and o["Status"].startswith("Up") and o["ExitCode"] == 0, o
assert o["Image"] == "localhost/bb:1" and o["Health"] == "", o
assert o["Publishers"] == [{"URL": "0.0.0.0", "TargetPort": 80, "PublishedPort": int(sys.argv[2]), "Protocol": "tcp"}], o
PY
"${B[@]}" compose --profile jobs up -d job 2>/dev/null || fail "up job failed"
for _ in $(seq 50); do
  [[ $("${B[@]}" inspect -f '{{.State.Status}}' cmds-job-1) == exited ]] && break
  sleep 0.1
done
assert_eq "$("${B[@]}" compose --profile jobs ps --format '{{.Name}}' | tr '\n' ' ')" "cmds-db-1 cmds-web-1 " "ps: running only"
assert_eq "$("${B[@]}" compose --profile jobs ps -a --format '{{.Name}} {{.State}}' | tr '\n' ' ')" \
  "cmds-db-1 running cmds-job-1 exited cmds-web-1 running " "ps -a"
assert_eq "$("${B[@]}" compose --profile jobs ps --status exited --format '{{.Name}} {{.ExitCode}}')" "cmds-job-1 3" "ps --status"
expect_failure 1 "no such service: nope" "${B[@]}" compose ps nope
pass "ps: table, -a, -q, --services, --status, --format json"

# logs
out=$("${B[@]}" compose logs --no-color db)
assert_eq "$(echo "$out" | head -1)" "db-1  | db-line-1" "logs prefix"
assert_eq "$("${B[@]}" compose logs --tail 2 db | tr '\n' ' ')" "db-1  | db-line-4 db-1  | db-line-5 " "logs --tail"
assert_eq "$("${B[@]}" compose logs --no-log-prefix --tail 1 db)" "db-line-5" "logs --no-log-prefix"
out=$("${B[@]}" compose logs web db 2>"$WORK/logs.err")
echo "$out" | grep -qx 'web-1  | web-start' || fail "logs of two services, padded: $out"
echo "$out" | grep -qx 'db-1   | db-line-1' || fail "logs padding to the longest name: $out"
grep -qx 'web-1  | web-err' "$WORK/logs.err" || fail "stderr lines go to stderr: $(cat "$WORK/logs.err")"
"${B[@]}" compose logs -t --tail 1 db | grep -Eq '^db-1  \| [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z db-line-5$' ||
  fail "logs -t: $("${B[@]}" compose logs -t --tail 1 db)"
assert_eq "$("${B[@]}" compose logs job)" "job-1  | job-done" "logs of an exited container (named: its profile need not be on)"
# -f ends when the followed containers exit.
"${B[@]}" compose logs -f --tail 1 db > "$WORK/follow.out" 2>&1 &
follower=$!
cleanup "kill $follower 2>/dev/null"
sleep 1
kill -0 $follower 2>/dev/null || fail "logs -f ended while db runs: $(cat "$WORK/follow.out")"
"${B[@]}" compose stop db 2>/dev/null
for _ in $(seq 100); do kill -0 $follower 2>/dev/null || break; sleep 0.1; done
kill -0 $follower 2>/dev/null && fail "logs -f still running after db stopped"
wait $follower || fail "logs -f exited $?"
assert_eq "$(cat "$WORK/follow.out")" "db-1  | db-line-5" "logs -f output"
"${B[@]}" compose start db 2>/dev/null
pass "logs: prefixes padded, stderr, --tail, -t, --no-log-prefix, -f ends when the container exits"

# exec
assert_eq "$("${B[@]}" compose exec -T web sh -c 'echo $ROLE')" "front" "exec sees the service env"
assert_eq "$("${B[@]}" compose exec -T -e EXTRA=x -w /tmp web sh -c 'echo $EXTRA $(pwd)')" "x /tmp" "exec -e -w"
rc=0; "${B[@]}" compose exec -T web sh -c 'exit 7' || rc=$?
assert_eq "$rc" "7" "exec exit code"
"${B[@]}" compose --profile jobs exec -T job true 2>"$WORK/exec.err" && fail "exec in an exited service succeeded"
grep -q 'service "job" is not running' "$WORK/exec.err" || fail "exec error: $(cat "$WORK/exec.err")"
pass "exec: env, -e, -w, exit code, a stopped service refused"

# run --rm (db stopped first: run starts the service's dependencies)
"${B[@]}" compose stop db 2>/dev/null
out=$("${B[@]}" compose run --rm -T web sh -c 'echo run-$ROLE; ls -d /data 2>/dev/null; exit 4' </dev/null 2>"$WORK/run.err") && rc=0 || rc=$?
assert_eq "$rc" "4" "run exit code"
assert_eq "$out" "run-front" "run output"
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c 'cmds-web-run-' || true)" "0" "run --rm removed the one-off container"
assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' cmds-db-1)" "running" "run started the dependency"
"${B[@]}" compose run -d --no-deps -T web sleep 1000 > "$WORK/run.id" 2>/dev/null || fail "run -d failed"
id=$(cat "$WORK/run.id")
name=$("${B[@]}" inspect -f '{{.Name}}' "$id")
[[ $name =~ ^/?cmds-web-run-[0-9a-f]{12}$ ]] || fail "one-off name: $name"
assert_eq "$("${B[@]}" inspect -f '{{index .Config.Labels "com.docker.compose.oneoff"}} {{index .Config.Labels "com.docker.compose.service"}}' "$id")" "True web" "one-off labels"
"${B[@]}" inspect -f '{{json .HostConfig.PortBindings}}' "$id" | grep -q "$port" && fail "run publishes the service's ports without --service-ports"
assert_eq "$("${B[@]}" compose ps --format '{{.Name}}' | grep -c run || true)" "0" "ps leaves one-off containers out"
assert_eq "$("${B[@]}" compose ps -a --format '{{.Name}}' | grep -c 'cmds-web-run-')" "1" "ps -a shows one-off containers"
# A one-off container does not answer to the service's name (no --use-aliases).
web_addresses=$("${B[@]}" exec cmds-db-1 nslookup web 2>/dev/null | grep 'Address.*10\.' | grep -vc ':53$' || true)
assert_eq "$web_addresses" "1" "web resolves to the service container only"
"${B[@]}" rm -f "$id" >/dev/null
mkdir -p mnt && echo from-host > mnt/f
assert_eq "$("${B[@]}" compose run --rm -T --no-deps -v ./mnt:/mnt --cap-drop ALL web sh -c 'cat /mnt/f; grep CapEff /proc/self/status' </dev/null 2>/dev/null | tr -s '\t ' ' ')" "from-host
CapEff: 0000000000000000" "run -v and --cap-drop"
out=$("${B[@]}" compose run --rm -T job </dev/null 2>/dev/null) && rc=0 || rc=$?
assert_eq "$rc:$out" "3:job-done" "run of a service whose profile is off"
pass "run: dependencies started, --rm, exit code, one-off name and labels, -d"

# top, port, images, ls
out=$("${B[@]}" compose top db)
assert_eq "$(echo "$out" | head -1)" "cmds-db-1" "top: container name first"
echo "$out" | sed -n 2p | grep -q 'PID' || fail "top header: $out"
echo "$out" | grep -q 'sleep 1000' || fail "top lists the process: $out"
assert_eq "$("${B[@]}" compose port web 80)" "0.0.0.0:$port" "port"
expect_failure 1 "no port 81/tcp" "${B[@]}" compose port web 81
# attach: the service container's output from now on (written to its PID 1's stdout here).
"${B[@]}" compose attach --no-stdin db >"$WORK/attached" 2>&1 &
attach_pid=$!
for _ in $(seq 40); do  # until the attach is connected and has shown a line
  "${B[@]}" compose exec -T db sh -c 'echo attached-out > /proc/1/fd/1'
  sleep 0.25
  [[ -s $WORK/attached ]] && break
done
kill -KILL $attach_pid; wait $attach_pid 2>/dev/null || true
assert_eq "$(sort -u "$WORK/attached")" "attached-out" "compose attach: new output only"
expect_failure 1 'service "db" is not running container #2' "${B[@]}" compose attach --index 2 db
out=$("${B[@]}" compose images)
[[ $(echo "$out" | head -1) =~ ^CONTAINER\ +REPOSITORY\ +TAG\ +IMAGE\ ID\ +SIZE$ ]] || fail "images header: $out"
image_id=$("${B[@]}" image inspect -f '{{.Id}}' localhost/bb:1)
echo "$out" | grep -Eq "^cmds-web-1 +localhost/bb +1 +${image_id:7:12} +[0-9.]+[kMG]?B$" || fail "images row: $out"
assert_eq "$("${B[@]}" compose images -q)" "${image_id:7}" "images -q"
out=$("${B[@]}" compose ls)
[[ $(echo "$out" | head -1) =~ ^NAME\ +STATUS\ +CONFIG\ FILES$ ]] || fail "ls header: $out"
echo "$out" | grep -Eq "^cmds +running\(2\) +$WORK/cmds/compose.yaml$" || fail "ls row: $out"
"${B[@]}" compose ls -a | grep -Eq '^cmds +exited\(1\), running\(2\) ' || fail "ls -a: $("${B[@]}" compose ls -a)"
assert_eq "$("${B[@]}" compose ls -q)" "cmds" "ls -q"
"${B[@]}" compose ls --format json | python3 -c 'import json,sys; p=json.load(sys.stdin); assert p[0]["Name"]=="cmds" and p[0]["Status"]=="running(2)", p' ||
  fail "ls json"
pass "top, port, images, ls"

# pull of an image no registry here has
mkdir -p "$WORK/missing" && cd "$WORK/missing"
printf 'services:\n  app:\n    image: localhost:1/berth-test/none:1\n' > compose.yaml
rc=0; "${B[@]}" compose pull > "$WORK/pull.out" 2>&1 || rc=$?
[[ $rc -ne 0 ]] || fail "pull of a missing image succeeded"
grep -q 'localhost:1/berth-test/none' "$WORK/pull.out" || fail "pull error does not name the image: $(cat "$WORK/pull.out")"
"${B[@]}" compose pull --ignore-pull-failures 2>/dev/null || fail "--ignore-pull-failures still failed"
"${B[@]}" compose push 2>&1 | grep -q 'app  Skipped' || fail "push of a service without build: $("${B[@]}" compose push 2>&1)"
pass "pull of a missing image fails naming it; --ignore-pull-failures; push skips services without build"

# build, push and pull through Debian's docker-registry on 127.0.0.1, when it is installed
if [[ -x /usr/bin/docker-registry ]]; then
  reg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$WORK/registry" "$WORK/app"
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$WORK/registry/data" "$reg_port" > "$WORK/registry/config.yml"
  docker-registry serve "$WORK/registry/config.yml" > "$WORK/registry/log" 2>&1 &
  cleanup "kill $! 2>/dev/null"
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$reg_port/v2/" && break; sleep 0.1; done
  cd "$WORK/app"
  printf 'FROM localhost/bb:1\nLABEL made.by=compose-build\n' > Dockerfile
  printf 'services:\n  app:\n    build: .\n    image: 127.0.0.1:%s/test/app:1\n  plain:\n    image: localhost/bb:1\n' "$reg_port" > compose.yaml
  "${B[@]}" compose build 2>"$WORK/build.err" || fail "compose build failed: $(cat "$WORK/build.err")"
  assert_eq "$("${B[@]}" image inspect -f '{{index .Config.Labels "made.by"}}' "127.0.0.1:$reg_port/test/app:1")" "compose-build" "built image"
  "${B[@]}" compose push 2>"$WORK/push.err" || fail "compose push failed: $(cat "$WORK/push.err")"
  grep -q 'plain  Skipped' "$WORK/push.err" || fail "push did not skip the service without build: $(cat "$WORK/push.err")"
  "${B[@]}" rmi "127.0.0.1:$reg_port/test/app:1" >/dev/null
  "${B[@]}" compose pull app 2>"$WORK/pull2.err" || fail "compose pull failed: $(cat "$WORK/pull2.err")"
  assert_eq "$("${B[@]}" image inspect -f '{{index .Config.Labels "made.by"}}' "127.0.0.1:$reg_port/test/app:1")" "compose-build" "pulled back"
  "${B[@]}" rmi "127.0.0.1:$reg_port/test/app:1" >/dev/null
  pass "build, push (services without build skipped) and pull through a local registry"
fi

# run in a project never brought up: it creates the project's network first, as compose does
mkdir -p "$WORK/fresh" && cd "$WORK/fresh"
printf 'services:\n  app:\n    image: localhost/bb:1\n' > compose.yaml
assert_eq "$("${B[@]}" compose run --rm -T app echo fresh 2>/dev/null)" "fresh" "run before up"
assert_eq "$("${B[@]}" network inspect -f '{{index .Labels "com.docker.compose.network"}}' fresh_default)" "default" "run made the network"
assert_eq "$("${B[@]}" ps -a --format '{{.Names}}' | grep -c '^fresh-' || true)" "0" "--rm removed the one-off container"
"${B[@]}" compose down 2>/dev/null
"${B[@]}" network ls --format '{{.Name}}' | grep -q '^fresh_' && fail "down left the network of a run-only project"
pass "run before up: the project's network made, then removed by down"

# down leaves nothing of the project
cd "$WORK/cmds"
"${B[@]}" compose --profile jobs down -v 2>"$WORK/down.err" || fail "down failed: $(cat "$WORK/down.err")"
assert_eq "$("${B[@]}" ps -a -q | wc -l)" "0" "no container left"
"${B[@]}" network ls --format '{{.Name}}' | grep -q '^cmds_' && fail "a network is left"
"${B[@]}" volume ls --format '{{.Name}}' | grep -q . && fail "a volume is left: $("${B[@]}" volume ls)"
assert_eq "$("${B[@]}" compose ls -a -q)" "" "ls after down"
pass "down -v: no container, network or volume of the project left"
