#!/usr/bin/env bash
# `berth compose config` against Debian's docker-compose (1.29.2) on files where the two
# specifications agree (tests/data/compose/interop/*, cases.tsv: the case and its flags). 1.29
# prints the v1-style model and v2 (which Berth follows) the canonical one, so the outputs are
# compared as data after normalize.py has smoothed the documented differences (listed at the
# top of normalize.py: version/name, the implicit default network and resource names, short vs
# long ports and volumes, defaults v2 fills in, Go durations, sizes in bytes, $$ escapes, and
# services disabled by profiles). Then errors and the obsolete `version:` warning.
source "$(dirname "$0")/lib.bash"
require_tool python3
python3 -c 'import yaml' 2>/dev/null || skip "needs python3-yaml"
if ! command -v docker-compose >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || skip "needs docker-compose (apt-get install docker-compose)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y docker-compose >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y docker-compose >/dev/null 2>&1; } ||
    skip "docker-compose could not be installed"
fi
version=$(docker-compose version 2>/dev/null || true)
[[ $version == *"version 1."* ]] || skip "needs docker-compose 1.x, found: ${version%%$'\n'*}"

data=$SOURCE_DIR/tests/data/compose/interop
cp -a "$data" "$WORK/interop"
cd "$WORK/interop"
# Neither tool may see the test runner's variables of the same names.
unset COMPOSE_PROJECT_NAME COMPOSE_PROFILES COMPOSE_FILE TAG PORT VERSION DB_NAME PG_VERSION FROM_ENV

while IFS=$'\t' read -r case flags; do
  [[ -n $case ]] || continue
  # shellcheck disable=SC2086 # flags are words
  (cd "$case" && docker-compose $flags config) > "$WORK/$case.v1.yaml" 2> "$WORK/$case.v1.err" ||
    fail "$case: docker-compose config failed: $(cat "$WORK/$case.v1.err")"
  # shellcheck disable=SC2086
  (cd "$case" && "$BERTH" compose $flags config) > "$WORK/$case.berth.yaml" ||
    fail "$case: berth compose config failed"
  python3 normalize.py "$WORK/$case.v1.yaml" "$case" > "$WORK/$case.v1.json"
  python3 normalize.py "$WORK/$case.berth.yaml" "$case" > "$WORK/$case.berth.json"
  diff -u "$WORK/$case.v1.json" "$WORK/$case.berth.json" ||
    fail "$case: berth compose config differs from docker-compose config (above: - 1.29, + berth)"
  pass "$case: berth compose config agrees with docker-compose 1.29"
done < cases.tsv

# The JSON form is the same model.
(cd basic && "$BERTH" compose config --format json) | python3 -c '
import json, sys; d = json.load(sys.stdin)
assert d["name"] == "basic" and d["services"]["web"]["ports"][0]["published"] == "8080", d' ||
  fail "compose config --format json"
pass "config --format json"

# As compose-go (v2): a later document of an override file resets what the first file set;
# JSON as Project.MarshalJSON (null command, no newline at the end).
mkdir -p "$WORK/docs" && cd "$WORK/docs"
printf 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n' > compose.yaml
printf 'services:\n  web:\n    image: nginx:2\n---\nservices:\n  web:\n    ports: !reset []\n' > over.yaml
"$BERTH" compose -f compose.yaml -f over.yaml config --format json > "$WORK/docs.json" ||
  fail "config of a multi-document override failed"
[[ $(tail -c 1 "$WORK/docs.json") == "}" ]] || fail "config --format json ends with a newline"
python3 -c '
import json, sys; w = json.load(open(sys.argv[1]))["services"]["web"]
assert w["image"] == "nginx:2" and "ports" not in w and w["command"] is None, w' "$WORK/docs.json" ||
  fail "!reset in a later document of over.yaml"
pass "!reset across documents and files; JSON as v2"
cd "$WORK/interop"

# --services in start order, --volumes, -q.
assert_eq "$(cd basic && "$BERTH" compose config --services | tr '\n' ' ')" "db web " "--services"
assert_eq "$(cd basic && "$BERTH" compose config --volumes | tr '\n' ' ')" "data dbdata " "--volumes"
assert_eq "$(cd basic && "$BERTH" compose config -q)" "" "-q prints nothing"
pass "config --services, --volumes, -q"

# Errors name the file, the line and the key; exit 1.
mkdir -p "$WORK/bad" && cd "$WORK/bad"
printf 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80:80"\n' > compose.yaml
expect_failure 1 'compose.yaml:5: services.web.ports[0]: invalid port "80:80:80"' "$BERTH" compose config
printf 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n' > compose.yaml
expect_failure 1 'compose.yaml:4: services.web.depends_on: service "web" depends on undefined service "db"' \
  "$BERTH" compose config
printf 'version: "3.8"\nservices:\n  web:\n    image: nginx\n' > compose.yaml
"$BERTH" compose config 2> "$WORK/warn.txt" >/dev/null || fail "a file with version: is accepted"
grep -q 'the attribute `version` is obsolete' "$WORK/warn.txt" || fail "no warning for version:"
pass "errors with file, line and key; version: warns"

# -f -: the file on standard input, standing in the current directory, read as docker-compose
# reads it; errors name it "-".
cd "$WORK/interop/basic"
"$BERTH" compose config > "$WORK/from-file.yaml"
"$BERTH" compose -f - config < compose.yaml > "$WORK/from-stdin.yaml" || fail "compose -f - config failed"
diff -u "$WORK/from-file.yaml" "$WORK/from-stdin.yaml" || fail "-f - reads differently from the file"
docker-compose -f - config < compose.yaml > "$WORK/stdin.v1.yaml" 2>/dev/null || fail "docker-compose -f - config failed"
python3 "$WORK/interop/normalize.py" "$WORK/stdin.v1.yaml" basic > "$WORK/stdin.v1.json"
python3 "$WORK/interop/normalize.py" "$WORK/from-stdin.yaml" basic > "$WORK/stdin.berth.json"
diff -u "$WORK/stdin.v1.json" "$WORK/stdin.berth.json" || fail "-f -: berth differs from docker-compose 1.29"
printf 'services:\n  web:\n    image: nginx\n    ports: ["80:80:80"]\n' |
  { expect_failure 1 '-:4: services.web.ports[0]: invalid port "80:80:80"' "$BERTH" compose -f - config; }
pass "-f - reads the file from standard input, as docker-compose does"
