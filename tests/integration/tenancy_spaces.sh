#!/usr/bin/env bash
# Tenant isolation of Spaces themselves (issue 12, items 7, 10, 11, 12, 16), tried as an
# attacker would: "alice-my/app" must not get "alice/my-app"'s host or network; a README.md
# linking to a host file must not be read; the root, berth.db and the key are root's alone and
# no secret value lies on disk in plain text (berth.db, OCI bundles) or shows in inspect; a
# Space gets a pids limit and log rotation; kill -9 of the server during a build leaves no
# leftovers and the pushed commit is deployed after the restart.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/serve_lib.bash"
DATA=${BERTH_TEST_DATA:-$SOURCE_DIR/tests/data}/spaces

start_server
"${B[@]}" user create alice >/dev/null
"${B[@]}" user create alice-my >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
SQUATTER_TOKEN=$("${B[@]}" token create alice-my --write)
SECRET=victim-secret-$RANDOM-$RANDOM-XYZ
api() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
info_field() {  # info_field SPACE KEY [TOKEN]
  curl -s "$API/api/spaces/$1" -H "Authorization: Bearer ${3:-$TOKEN}" |
    python3 -c "import json,sys; print(json.load(sys.stdin).get('$2', ''))"
}
for s in alice/my-app alice-my/app alice/linked alice/slow; do cleanup "'$BERTH' space rm $s >/dev/null 2>&1"; done

# Item 7: two names that read as one label.
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"my-app\",\"type\":\"space\",\"sdk\":\"docker\",\"private\":true,\"secrets\":[{\"key\":\"API_KEY\",\"value\":\"$SECRET\"}]}")
assert_eq "$code" 200 "create alice/my-app: $(cat "$WORK/body")"
code=$(api "$API/api/repos/create" -H "Authorization: Bearer $SQUATTER_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"app","type":"space","sdk":"docker","secrets":[{"key":"API_KEY","value":"squatter-own"}]}')
assert_eq "$code" 200 "create alice-my/app: $(cat "$WORK/body")"
victim_label=$(info_field alice/my-app subdomain)
squatter_label=$(info_field alice-my/app subdomain "$SQUATTER_TOKEN")
assert_eq "$victim_label" alice-my-app "the first Space's label"
[[ $squatter_label == alice-my-app-* && $squatter_label != "$victim_label" ]] || fail "the squatter's label: $squatter_label"
[[ $(info_field alice-my/app host "$SQUATTER_TOKEN") == "http://$squatter_label.localhost:$PORT" ]] ||
  fail "host: $(info_field alice-my/app host "$SQUATTER_TOKEN")"
new_repo "$WORK/victim" "$DATA/hello"
new_repo "$WORK/squatter" "$DATA/hello"
out=$(push alice/my-app "$WORK/victim") || fail "push: $out"
out=$(push alice-my/app "$WORK/squatter" "$SQUATTER_TOKEN") || fail "push: $out"
wait_stage alice/my-app RUNNING
TOKEN=$SQUATTER_TOKEN wait_stage alice-my/app RUNNING
grep -qxF "SPACE_ID=alice/my-app" <<<"$(space_get "$victim_label" /cgi-bin/env -H "Authorization: Bearer $TOKEN")" ||
  fail "alice-my-app.localhost does not serve alice/my-app"
grep -qxF "SPACE_ID=alice-my/app" <<<"$(space_get "$squatter_label" /cgi-bin/env)" ||
  fail "$squatter_label.localhost does not serve alice-my/app"
networks=$("${B[@]}" network ls --format '{{.Name}}')
grep -qxF "space-$victim_label" <<<"$networks" && grep -qxF "space-$squatter_label" <<<"$networks" ||
  fail "one network each expected: $networks"
pass "alice/my-app and alice-my/app: distinct hosts, networks and containers"

# Item 11: modes, and no secret value in plain text on disk or in inspect.
assert_eq "$(stat -c %a "$BERTH_ROOT")" 700 "root mode"
for f in berth.db berth.db-wal berth.db-shm secrets.key; do
  [[ -e $BERTH_ROOT/$f ]] && assert_eq "$(stat -c %a "$BERTH_ROOT/$f")" 600 "$f mode"
done
grep -aqF "$SECRET" "$BERTH_ROOT"/berth.db* && fail "the secret is in berth.db in plain text"
container=$("${B[@]}" space info alice/my-app | python3 -c 'import json,sys; print(json.load(sys.stdin)["container"])')
"${B[@]}" inspect "$container" | grep -qF "$SECRET" && fail "inspect shows the secret"
labels=$("${B[@]}" inspect --format '{{json .Config.Labels}}' "$container")
grep -qF '"berth.secret_env":"API_KEY"' <<<"$labels" || fail "the secret's name is not in the labels of $container: $labels"
# Berth's own files, not the app's writable layer (the capped image and its mount, the merged
# view): exit 1 is "not found", anything else an error that must not pass for a clean result.
rc=0
grep -rqaF --exclude=rw.img --exclude-dir=rw --exclude-dir=merged "$SECRET" "$BERTH_ROOT/containers" || rc=$?
[[ $rc -eq 1 ]] || fail "the secret is in a container's directory (grep exit $rc)"
bundle=/run/berth/$("${B[@]}" inspect -f '{{.Id}}' "$container")/bundle
assert_eq "$(stat -c %a "$bundle/config.json")" 600 "the tmpfs bundle's config.json"
grep -qF "$SECRET" "$bundle/config.json" || fail "the app's spec lacks its secret (was it delivered?)"
expected_sha=$(printf %s "$SECRET" | sha256sum | cut -c1-64)
grep -qxF "API_KEY_SHA=$expected_sha" <<<"$(space_get "$victim_label" /cgi-bin/env -H "Authorization: Bearer $TOKEN")" ||
  fail "the app did not get its secret"
pass "root 0700, berth.db/-wal/-shm/secrets.key 0600; secret sealed in berth.db, absent from inspect, bundle on /run"

# Item 12: a pids limit and log rotation.
assert_eq "$("${B[@]}" inspect -f '{{.HostConfig.PidsLimit}}' "$container")" 4096 "pids limit"
id=$("${B[@]}" inspect -f '{{.Id}}' "$container")
pgrep -af berth-shim | grep -F -- "--id $id" | grep -qF -- "--log-max-size 10485760 --log-max-files 3" ||
  fail "the shim does not rotate the log: $(pgrep -af berth-shim | grep -F "$id")"
pass "Spaces get a pids limit and a rotated log"

# Item 10: README.md linking to a host file.
"${B[@]}" space create alice/linked >/dev/null
new_repo "$WORK/linked" "$DATA/hello"
ln -sf /etc/shadow "$WORK/linked/README.md"
git -C "$WORK/linked" add -A && git -C "$WORK/linked" commit -qm "link"
push alice/linked "$WORK/linked" >/dev/null
wait_stage alice/linked CONFIG_ERROR 60
message=$(runtime_field alice/linked errorMessage)
[[ $message == *"README.md is a symbolic link that leads outside the repository"* ]] || fail "message: $message"
grep -q "root:" <<<"$message$("${B[@]}" space logs --build alice/linked 2>&1)" && fail "host file content shown: $message"
pass "a README.md linking out of the repository is a CONFIG_ERROR showing nothing of the target"

# Item 16: kill -9 of the server during a build.
"${B[@]}" space create alice/slow >/dev/null
"${B[@]}" space secret set alice/slow API_KEY <<<"slow-secret" >/dev/null
new_repo "$WORK/slow" "$DATA/hello"
sed -i 's|^COPY|RUN sleep 4\nCOPY|' "$WORK/slow/Dockerfile"
git -C "$WORK/slow" commit -qam "slow build"
commit=$(git -C "$WORK/slow" rev-parse HEAD)
push alice/slow "$WORK/slow" >/dev/null
for _ in $(seq 100); do [[ -d $BERTH_ROOT/spaces/alice/slow/checkout-$commit ]] && break; sleep 0.1; done
[[ $("${B[@]}" space info alice/slow) == *"\"deployingCommit\": \"$commit\""* ]] || fail "no deploying marker: $("${B[@]}" space info alice/slow)"
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
# Its `berth build` child dies with it (PR_SET_PDEATHSIG) rather than build on unwatched.
for _ in $(seq 50); do pgrep -f -- "--root $BERTH_ROOT build" >/dev/null || break; sleep 0.1; done
if pgrep -f -- "--root $BERTH_ROOT build" >/dev/null; then
  for pid in $(pgrep -f -- "--root $BERTH_ROOT build"); do kill -9 "$pid" 2>/dev/null || true; done
  fail "the server's build child outlived it"
fi
start_server
wait_stage alice/slow RUNNING 180
assert_eq "$("${B[@]}" space info alice/slow | python3 -c 'import json,sys; print(json.load(sys.stdin)["commit"])')" "$commit" "deployed commit"
[[ $(ls -d "$BERTH_ROOT"/spaces/alice/slow/checkout-* 2>/dev/null) == "" ]] || fail "checkout left behind"
[[ $("${B[@]}" space info alice/slow) == *deployingCommit* ]] && fail "the marker stayed"
assert_eq "$(space_get alice-slow /)" "version 1 uid 1000" "the redeployed Space"
pass "kill -9 during a build: leftovers removed, the pushed commit deployed after the restart"
