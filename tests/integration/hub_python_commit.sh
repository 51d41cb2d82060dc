#!/usr/bin/env bash
# The commit API and Git LFS with the real huggingface_hub client (the copy in ../shared/clients)
# against `berth serve`: create_repo of a docker Space, upload_folder of a busybox Space (with a
# binary file that goes through LFS) that reaches RUNNING and serves the LFS file's real content,
# upload_file of a file over the LFS threshold (its pointer in the bare repository, its content
# through a git-lfs clone), delete_file, create_commit with a stale parent_commit (412), read
# tokens, other users and private Spaces (403/404), hostile commits that move nothing, and a git
# push of LFS pointers with git-lfs that deploys the real content; the LFS quota (507) and
# garbage collection of unreferenced objects (`berth space gc`).
source "$(dirname "$0")/lib.bash"
HUB_CLIENT="$SOURCE_DIR/../shared/clients/huggingface_hub-1.28.0"
[[ -d $HUB_CLIENT ]] || HUB_CLIENT=/work/shared/clients/huggingface_hub-1.28.0
[[ -d $HUB_CLIENT/huggingface_hub ]] || skip "the huggingface_hub client is not in ../shared/clients"
source "$(dirname "$0")/serve_lib.bash"
SERVE_ARGS=(--lfs-quota 64m)  # far above what the uploads below take; an upload past it: 507
start_server
cleanup "'$BERTH' space rm alice/app alice/hidden alice/lfspush >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
READ_TOKEN=$("${B[@]}" token create alice)
BOB_TOKEN=$("${B[@]}" token create bob --write)
export PYTHONPATH=$HUB_CLIENT HF_HOME=$WORK/hf HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_XET=1
PY=/usr/bin/python3
REPO=$BERTH_ROOT/spaces/alice/app/repo.git

# The Space: busybox httpd as UID 1000; its page shows the sha256 of weights.bin as the build saw
# it, so a pointer in the build context would show.
SPACE=$WORK/space
mkdir -p "$SPACE/app"
cat > "$SPACE/README.md" <<'MD'
---
title: Commit API
sdk: docker
app_port: 7860
---
Uploaded with huggingface_hub.
MD
cat > "$SPACE/Dockerfile" <<'DOCKER'
FROM localhost/busybox:space
COPY --chown=1000:1000 app /app
RUN sha256sum /app/weights.bin | cut -c1-64 > /weights.sha
CMD ["/bin/sh", "/app/start.sh"]
DOCKER
cat > "$SPACE/app/start.sh" <<'SH'
mkdir -p /tmp/www
echo "version $(cat /app/VERSION) uid $(id -u) weights $(cat /weights.sha)" > /tmp/www/index.html
exec httpd -f -p 7860 -h /tmp/www
SH
echo 1 > "$SPACE/app/VERSION"
{ printf "\0"; head -c $((2 * 1024 * 1024)) /dev/urandom; } > "$SPACE/app/weights.bin"  # binary, over 1 MiB: LFS
WEIGHTS_SHA=$(sha256sum "$SPACE/app/weights.bin" | cut -c1-64)

$PY - "$API" "$TOKEN" "$SPACE" <<'PY' || fail "create_repo + upload_folder"
import sys
from huggingface_hub import HfApi
api = HfApi(endpoint=sys.argv[1], token=sys.argv[2])
url = api.create_repo("alice/app", repo_type="space", space_sdk="docker")
assert url.repo_id == "alice/app", url
info = api.upload_folder(folder_path=sys.argv[3], repo_id="alice/app", repo_type="space",
                         commit_message="First upload")
assert len(info.oid) == 40 and info.commit_url.endswith("/spaces/alice/app/commit/" + info.oid), info
print("upload_folder:", info.oid)
PY
pointer=$(git --git-dir="$REPO" show main:app/weights.bin)
grep -qx "oid sha256:$WEIGHTS_SHA" <<<"$pointer" || fail "weights.bin is not an LFS pointer: $pointer"
[[ -f $BERTH_ROOT/spaces/alice/app/lfs/objects/${WEIGHTS_SHA:0:2}/${WEIGHTS_SHA:2:2}/$WEIGHTS_SHA ]] ||
  fail "the LFS object is not in the Space's store"
assert_eq "$(git --git-dir="$REPO" log -1 --format='%an %s' main)" "alice First upload" "the commit"
wait_stage alice/app RUNNING
assert_eq "$(space_get alice-app /)" "version 1 uid 1000 weights $WEIGHTS_SHA" "the Space's page"
pass "create_repo + upload_folder (a binary file through LFS) → RUNNING, the build saw the real content"

# upload_file over the LFS threshold, a regular one that redeploys, delete_file, a stale parent.
head -c $((11 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$WORK/big.txt"
BIG_SHA=$(sha256sum "$WORK/big.txt" | cut -c1-64)
$PY - "$API" "$TOKEN" "$WORK/big.txt" <<'PY' || fail "upload_file, delete_file, create_commit"
import sys
from huggingface_hub import HfApi, CommitOperationAdd
from huggingface_hub.errors import HfHubHTTPError
api = HfApi(endpoint=sys.argv[1], token=sys.argv[2])
first = api.upload_file(path_or_fileobj=sys.argv[3], path_in_repo="data/big.txt",
                        repo_id="alice/app", repo_type="space")
second = api.upload_file(path_or_fileobj=b"2\n", path_in_repo="app/VERSION",
                         repo_id="alice/app", repo_type="space", commit_message="version 2")
api.upload_file(path_or_fileobj=b"temporary", path_in_repo="tmp/x.txt", repo_id="alice/app",
                repo_type="space")
api.delete_file("tmp/x.txt", repo_id="alice/app", repo_type="space")
try:
    api.create_commit(repo_id="alice/app", repo_type="space", commit_message="stale",
                      operations=[CommitOperationAdd("stale.txt", b"x")],
                      parent_commit=first.oid)
    raise SystemExit("a commit on a stale parent succeeded")
except HfHubHTTPError as e:
    assert e.response.status_code == 412, e
try:
    api.create_commit(repo_id="alice/app", repo_type="space", commit_message="pr",
                      operations=[CommitOperationAdd("pr.txt", b"x")], create_pr=True)
    raise SystemExit("create_pr succeeded")
except HfHubHTTPError as e:
    assert e.response.status_code == 400 and "not supported yet" in str(e), e
# Unchanged files are skipped by the client thanks to preupload's oids: no empty commit.
again = api.upload_file(path_or_fileobj=b"2\n", path_in_repo="app/VERSION", repo_id="alice/app",
                        repo_type="space")
print("upload_file:", first.oid, second.oid, "again:", again.oid)
PY
git --git-dir="$REPO" show main:data/big.txt | grep -qx "oid sha256:$BIG_SHA" || fail "big.txt is not a pointer"
git --git-dir="$REPO" cat-file -e main:tmp/x.txt 2>/dev/null && fail "delete_file left tmp/x.txt"
git --git-dir="$REPO" cat-file -e main:stale.txt 2>/dev/null && fail "the stale commit was written"
wait_stage alice/app RUNNING
for _ in $(seq 100); do [[ $(space_get alice-app /) == "version 2 "* ]] && break; sleep 0.3; done
[[ $(space_get alice-app /) == "version 2 uid 1000 weights $WEIGHTS_SHA" ]] || fail "redeploy: $(space_get alice-app /)"
pass "upload_file (over the LFS threshold, and one that redeploys), delete_file, stale parent_commit → 412, create_pr → 400"

# A clone gets the LFS content back through the batch API's download actions.
if command -v git-lfs >/dev/null; then
  git lfs install --skip-repo >/dev/null
  git clone -q "http://127.0.0.1:$PORT/spaces/alice/app" "$WORK/clone" || fail "git clone with git-lfs"
  assert_eq "$(sha256sum "$WORK/clone/data/big.txt" | cut -c1-64)" "$BIG_SHA" "big.txt through a git-lfs clone"
  assert_eq "$(sha256sum "$WORK/clone/app/weights.bin" | cut -c1-64)" "$WEIGHTS_SHA" "weights.bin through a git-lfs clone"
  pass "a git-lfs clone downloads the LFS objects"
else
  echo "skipped: git-lfs clone (git-lfs is not installed: apt-get install git-lfs)"
fi

# Who may write: read tokens and other users get 403, a private Space stays 404 to others.
api() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
HEAD_BEFORE=$(git --git-dir="$REPO" rev-parse main)
NDJSON='{"key":"header","value":{"summary":"x"}}
{"key":"file","value":{"path":"x.txt","content":"eA==","encoding":"base64"}}'
commit() { api -X POST "$API/api/spaces/$1/commit/main" -H "Content-Type: application/x-ndjson" --data-binary "$2" "${@:3}"; }
assert_eq "$(commit alice/app "$NDJSON" -H "Authorization: Bearer $READ_TOKEN")" 403 "commit with a read token"
assert_eq "$(commit alice/app "$NDJSON" -H "Authorization: Bearer $BOB_TOKEN")" 403 "commit by another user"
assert_eq "$(commit alice/app "$NDJSON")" 401 "commit without a token"
assert_eq "$(api -X POST "$API/api/spaces/alice/app/preupload/main" -H "Authorization: Bearer $READ_TOKEN" -H 'Content-Type: application/json' -d '{"files":[]}')" 403 "preupload with a read token"
curl -sf "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"hidden","type":"space","sdk":"docker","private":true}' >/dev/null || fail "create private"
assert_eq "$(commit alice/hidden "$NDJSON" -H "Authorization: Bearer $BOB_TOKEN")" 404 "commit to another's private Space"
assert_eq "$(api -X POST "$API/spaces/alice/hidden.git/info/lfs/objects/batch" -H "Authorization: Bearer $BOB_TOKEN" -H 'Content-Type: application/vnd.git-lfs+json' -d '{"operation":"download","objects":[]}')" 404 "LFS batch of another's private Space"
assert_eq "$(api -X POST "$API/spaces/alice/app.git/info/lfs/objects/batch" -H "Authorization: Bearer $READ_TOKEN" -H 'Content-Type: application/vnd.git-lfs+json' -d '{"operation":"upload","objects":[]}')" 403 "LFS upload batch with a read token"
pass "read tokens and other users 403, private Spaces 404 to others, anonymous 401"

# Hostile commits: 4xx and nothing written.
OID=$(printf 'never uploaded' | sha256sum | cut -c1-64)
H='{"key":"header","value":{"summary":"hostile"}}'
for line in '{"key":"file","value":{"path":"../escape.txt","content":"eA=="}}' \
  '{"key":"file","value":{"path":"/etc/passwd","content":"eA=="}}' \
  '{"key":"file","value":{"path":".git/config","content":"eA=="}}' \
  '{"key":"file","value":{"path":"a\\b","content":"eA=="}}' \
  '{"key":"file","value":{"path":"a\u0000b","content":"eA=="}}' \
  '{"key":"file","value":{"path":"ok.txt","content":"%%%not base64"}}' \
  "{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\"$OID\",\"size\":14}}" \
  '{"key":"deletedFile","value":{"path":"no-such-file"}}' \
  '{"key":"nope","value":{}}'; do
  code=$(commit alice/app "$H
$line" -H "Authorization: Bearer $TOKEN")
  [[ $code == 4* ]] || fail "hostile line answered $code: $line"
  python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["error"]' "$WORK/body" || fail "no JSON error for $line"
  if [[ $line == *lfsFile* ]]; then
    grep -q "LFS pointer pointed to a file that does not exist" "$WORK/body" || fail "unknown LFS object: $(cat "$WORK/body")"
  fi
done
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$WORK/long.ndjson"
assert_eq "$(api -X POST "$API/api/spaces/alice/app/commit/main" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/x-ndjson" --data-binary @"$WORK/long.ndjson")" 413 "a 17 MiB line"
assert_eq "$(api -X POST "$API/api/spaces/alice/app/commit/main" -H "Authorization: Bearer $TOKEN" -H "Content-Type: text/plain" --data-binary "$NDJSON")" 415 "a commit that is not NDJSON"
assert_eq "$(api -X POST "$API/api/spaces/alice/app/commit/--upload-pack=x" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/x-ndjson" --data-binary "$NDJSON")" 400 "an option as the revision"
assert_eq "$(git --git-dir="$REPO" rev-parse main)" "$HEAD_BEFORE" "a refused commit moved main"
# An upload whose content is not its oid leaves nothing in the store.
batch=$(curl -s -X POST "$API/spaces/alice/app.git/info/lfs/objects/batch" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/vnd.git-lfs+json' -d "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"$OID\",\"size\":14}]}")
href=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["objects"][0]["actions"]["upload"]["href"])' "$batch")
[[ $href != *"$TOKEN"* ]] || fail "the user's token is in an upload URL"
assert_eq "$(api -X PUT "$href" --data-binary 'other content!')" 400 "an upload that is not its oid"
assert_eq "$(api -X PUT "${href/token=/token=1}" --data-binary 'never uploaded')" 401 "a tampered upload link"
[[ -e $BERTH_ROOT/spaces/alice/app/lfs/objects/${OID:0:2}/${OID:2:2}/$OID ]] && fail "a refused upload was stored"
find "$BERTH_ROOT/spaces/alice/app/lfs" -name '.tmp-*' | grep -q . && fail "a refused upload left a temp file"
pass "hostile commits (.., absolute, .git, backslash, NUL, bad base64, unknown LFS object, long line) and a bad upload: 4xx, nothing written"

# A git push of LFS pointers: git-lfs uploads through the batch API, the deploy gets the content.
if command -v git-lfs >/dev/null; then
  curl -sf "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"lfspush","type":"space","sdk":"docker"}' >/dev/null || fail "create lfspush"
  rm -rf "$WORK/push" && cp -r "$SPACE" "$WORK/push"
  git -C "$WORK/push" init -q
  git -C "$WORK/push" lfs install >/dev/null  # the pre-push hook that uploads the objects
  git -C "$WORK/push" lfs track '*.bin' >/dev/null
  git -C "$WORK/push" add -A && git -C "$WORK/push" commit -qm "with LFS"
  git -C "$WORK/push" lfs ls-files | grep -q weights.bin || fail "git-lfs does not track weights.bin"
  out=$(push alice/lfspush "$WORK/push") || fail "git push with LFS: $out"
  git --git-dir="$BERTH_ROOT/spaces/alice/lfspush/repo.git" show main:app/weights.bin | grep -qx "oid sha256:$WEIGHTS_SHA" ||
    fail "the pushed weights.bin is not a pointer"
  wait_stage alice/lfspush RUNNING
  assert_eq "$(space_get alice-lfspush /)" "version 1 uid 1000 weights $WEIGHTS_SHA" "the pushed Space's page"
  pass "git push with git-lfs pointers → RUNNING with the real content"
else
  echo "skipped: git push with LFS pointers (git-lfs is not installed: apt-get install git-lfs)"
fi

# The LFS quota: an upload the Space's objects and the new ones would take over it is refused
# as a whole, before any byte is sent, with the batch API's 507.
lfs_batch() {
  api -X POST "$API/spaces/alice/app.git/info/lfs/objects/batch" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/vnd.git-lfs+json' -d "$1"
}
HUGE=$(printf 'huge' | sha256sum | cut -c1-64)
assert_eq "$(lfs_batch "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"$HUGE\",\"size\":$((70 * 1024 * 1024))}]}")" 507 "an upload over the quota"
grep -q '64 MiB quota' "$WORK/body" || fail "the 507 does not say the quota: $(cat "$WORK/body")"
assert_eq "$(lfs_batch "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"$HUGE\",\"size\":1024}]}")" 200 "an upload under the quota"
pass "an LFS upload past the Space's quota is refused with 507, one under it is not"

# Garbage collection: an object no commit names goes once its hour of grace is over; the ones
# the Space's commits name stay.
STRAY_CONTENT='uploaded, never committed'
STRAY=$(printf %s "$STRAY_CONTENT" | sha256sum | cut -c1-64)
lfs_batch "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"$STRAY\",\"size\":${#STRAY_CONTENT}}]}" >/dev/null
href=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["objects"][0]["actions"]["upload"]["href"])' "$WORK/body")
assert_eq "$(api -X PUT "$href" --data-binary "$STRAY_CONTENT")" 200 "the stray object's upload"
stray=$BERTH_ROOT/spaces/alice/app/lfs/objects/${STRAY:0:2}/${STRAY:2:2}/$STRAY
weights=$BERTH_ROOT/spaces/alice/app/lfs/objects/${WEIGHTS_SHA:0:2}/${WEIGHTS_SHA:2:2}/$WEIGHTS_SHA
[[ -f $stray && -f $weights ]] || fail "the objects are not where the store keeps them"
"${B[@]}" space gc alice/app >"$WORK/gc.txt" || fail "space gc: $(cat "$WORK/gc.txt")"
[[ -f $stray ]] || fail "an object uploaded a moment ago was collected (its commit may still come)"
touch -d '2 hours ago' "$stray" "$weights"
"${B[@]}" space gc alice/app >"$WORK/gc.txt" || fail "space gc: $(cat "$WORK/gc.txt")"
[[ -f $stray ]] && fail "an unreferenced object past its grace was kept: $(cat "$WORK/gc.txt")"
[[ -f $weights ]] || fail "an object a commit names was collected"
grep -qP "^alice/app\t1\t${#STRAY_CONTENT}\t" "$WORK/gc.txt" || fail "space gc's report: $(cat "$WORK/gc.txt")"
pass "space gc removes an unreferenced LFS object after its grace and keeps the committed ones"
