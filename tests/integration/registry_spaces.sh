#!/usr/bin/env bash
# A Space whose Dockerfile starts FROM an image in a registry deploys with nothing imported by
# hand (issue 13): `berth serve --allow-registry` lets Space builds pull from the admin's
# registry on 127.0.0.1, and the build log shows the pull. Without the flag a Space build may
# not pull from a loopback registry (a fetch from the host on a tenant's behalf), and says so
# without revealing anything of the store.
source "$(dirname "$0")/lib.bash"
require_tool skopeo
[[ -x /usr/bin/docker-registry ]] || skip "needs docker-registry (apt-get install docker-registry)"
source "$(dirname "$0")/serve_lib.bash"
DATA=${BERTH_TEST_DATA:-$SOURCE_DIR/tests/data}/spaces

# The registry, holding the base image; the store then forgets it.
REG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REG=127.0.0.1:$REG_PORT
mkdir -p "$WORK/registry"
cat >"$WORK/registry/config.yml" <<CONF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $WORK/registry/data
http:
  addr: $REG
CONF
docker-registry serve "$WORK/registry/config.yml" >"$WORK/registry/log" 2>&1 &
cleanup "kill $! 2>/dev/null"
for _ in $(seq 100); do curl -s -o /dev/null "http://$REG/v2/" && break; sleep 0.1; done
"${B[@]}" save -o "$WORK/base.tar" localhost/busybox:space
skopeo copy -q --dest-tls-verify=false "docker-archive:$WORK/base.tar" "docker://$REG/library/python-like:3.11"
"${B[@]}" rmi localhost/busybox:space >/dev/null
"${B[@]}" image prune -af >/dev/null 2>&1 || true

app=$WORK/app
cp -r "$DATA/hello" "$app"
printf 'FROM %s/library/python-like:3.11\nCOPY --chown=1000:1000 app /app\nCMD ["/app/start.sh"]\n' "$REG" >"$app/Dockerfile"

# Without --allow-registry: a loopback registry is refused to a Space build.
out=$("${B[@]}" build --tenant alice/probe "$app" 2>&1) && fail "a Space build pulled from a loopback registry: $out"
[[ $out == *"pull access denied"*"loopback"* ]] || fail "the refusal: $out"
"${B[@]}" image inspect "$REG/library/python-like:3.11" >/dev/null 2>&1 && fail "the refused pull left an image"
pass "a Space build may not pull from a loopback registry unless the admin allows it"

SERVE_ARGS=(--allow-registry "$REG")
start_server
cleanup "'$BERTH' space rm alice/from-registry >/dev/null 2>&1"
"${B[@]}" user create alice >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"from-registry","type":"space","sdk":"docker"}')
assert_eq "$code" 200 "create: $(cat "$WORK/body")"
new_repo "$WORK/repo" "$app"
out=$(push alice/from-registry "$WORK/repo") || fail "push: $out"
wait_stage alice/from-registry RUNNING
log=$(curl -sN --max-time 3 "$API/api/spaces/alice/from-registry/logs/build" -H "Authorization: Bearer $TOKEN" || true)
[[ $log == *"[internal] pull $REG/library/python-like:3.11"* ]] || fail "the build log shows no pull: $log"
space_get alice-from-registry / | grep -q . || fail "the Space does not answer"
pass "a Space FROM the admin's registry deploys with nothing imported by hand"
