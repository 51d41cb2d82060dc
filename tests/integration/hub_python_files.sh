#!/usr/bin/env bash
# Files and history through the real huggingface_hub client (v1.28.0, from ../shared/clients)
# against `berth serve`, on a Space whose repository a real `git push` filled: list_repo_files,
# list_repo_tree (flat, recursive, a folder, expand, 1200 entries over two pages),
# hf_hub_download (main, a commit id, a subfolder, an LFS file from the Space's LFS store),
# snapshot_download, file_exists, get_paths_info, list_repo_commits, list_repo_refs,
# create_branch / delete_branch, create_tag / delete_tag, space_info(revision=…).sha and
# siblings, the Hub's errors (EntryNotFoundError, RevisionNotFoundError, 409s), a private Space
# unreadable with another user's token; and over curl: Range (206, 416), HEAD without a body,
# hostile revisions and paths.
source "$(dirname "$0")/lib.bash"
CLIENT=$SOURCE_DIR/../shared/clients/huggingface_hub-1.28.0
[[ -d $CLIENT ]] || CLIENT=/work/shared/clients/huggingface_hub-1.28.0
[[ -d $CLIENT/huggingface_hub ]] || skip "huggingface_hub 1.28.0 is not in ../shared/clients"
source "$(dirname "$0")/serve_lib.bash"
# The client runs on Debian's Python and its packages (python3-httpx, …), not a user's own.
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=python3
# Debian bookworm's filelock (3.9) predates the `mode` argument huggingface_hub's downloads pass
# to FileLock: a sitecustomize on the client's path accepts and drops it (the lock's files get
# the umask's mode). The client itself stays unmodified.
mkdir -p "$WORK/pyshim"
cat >"$WORK/pyshim/sitecustomize.py" <<'SHIM'
import inspect
import filelock
if "mode" not in inspect.signature(filelock.FileLock.__init__).parameters:
    class FileLock(filelock.FileLock):
        def __init__(self, *args, mode=None, **kwargs):
            super().__init__(*args, **kwargs)
    filelock.FileLock = FileLock
SHIM
export PYTHONPATH=$WORK/pyshim:$CLIENT
"$PYTHON" -c 'import huggingface_hub.hf_api' 2>/dev/null ||
  skip "huggingface_hub's Python dependencies are missing (see its README)"
start_server
cleanup "'$BERTH' space rm alice/files alice/secret >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
BOB_TOKEN=$("${B[@]}" token create bob --write)
export HF_HOME=$WORK/hf HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_PROGRESS_BARS=1 HF_HUB_OFFLINE=0
py() { "$PYTHON" - "$API" "$TOKEN" "$BOB_TOKEN" "$WORK" "$@"; }

py <<'PY' || fail "create the Spaces with huggingface_hub"
import sys
from huggingface_hub import HfApi
api = HfApi(endpoint=sys.argv[1], token=sys.argv[2])
api.create_repo("alice/files", repo_type="space", space_sdk="docker")
api.create_repo("alice/secret", repo_type="space", space_sdk="docker", private=True)
PY

# The repository: no Dockerfile (nothing to build), files in folders, a 300 KB file, 1200
# files in one folder, and two LFS pointers: one whose object is in the Space's LFS store, one
# whose object is not.
LFS_CONTENT=$WORK/model.bin
head -c 200000 /dev/urandom >"$LFS_CONTENT"
LFS_OID=$(sha256sum "$LFS_CONTENT" | cut -c1-64)
LFS_SIZE=$(stat -c %s "$LFS_CONTENT")
mkdir -p "$WORK/src/sub/dir" "$WORK/src/many"
echo "v1" >"$WORK/src/README.md"
echo "print('hi')" >"$WORK/src/app.py"
echo "deep" >"$WORK/src/sub/dir/deep.txt"
head -c 300000 /dev/urandom >"$WORK/src/sub/big.bin"
for i in $(seq 1000 2199); do echo "$i" >"$WORK/src/many/f$i"; done
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %s\n' "$LFS_OID" "$LFS_SIZE" >"$WORK/src/model.bin"
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 12\n' "$(printf gone | sha256sum | cut -c1-64)" >"$WORK/src/missing.bin"
new_repo "$WORK/files" "$WORK/src"
FIRST=$(git -C "$WORK/files" rev-parse HEAD)
echo "v2" >"$WORK/files/README.md"
git -C "$WORK/files" commit -qam "second version" -m "with a body"
SECOND=$(git -C "$WORK/files" rev-parse HEAD)
out=$(push alice/files "$WORK/files") || fail "push: $out"
out=$(push alice/secret "$WORK/files") || fail "push to the private Space: $out"
for space in files secret; do
  object=$BERTH_ROOT/spaces/alice/$space/lfs/objects/${LFS_OID:0:2}/${LFS_OID:2:2}/$LFS_OID
  mkdir -p "$(dirname "$object")" && cp "$LFS_CONTENT" "$object"
done
pass "Spaces created with huggingface_hub, filled by git push"

py "$FIRST" "$SECOND" "$LFS_OID" "$LFS_CONTENT" <<'PY' || fail "huggingface_hub files and history"
import filecmp, os, sys
from huggingface_hub import HfApi
from huggingface_hub.errors import (EntryNotFoundError, HfHubHTTPError, RepositoryNotFoundError,
                                    RevisionNotFoundError)
from huggingface_hub.hf_api import RepoFile, RepoFolder
endpoint, token, bob_token, work, first, second, lfs_oid, lfs_content = sys.argv[1:9]
api = HfApi(endpoint=endpoint, token=token)
S = dict(repo_id="alice/files", repo_type="space")

def expect(exc, f, what):
    try:
        f()
    except exc as e:
        return e
    raise AssertionError(f"{what}: no {exc.__name__}")

# list_repo_files and list_repo_tree.
files = api.list_repo_files(**S)
expected = {"README.md", "app.py", "sub/dir/deep.txt", "sub/big.bin", "model.bin", "missing.bin"}
expected |= {f"many/f{i}" for i in range(1000, 2200)}
assert set(files) == expected, sorted(set(files) ^ expected)[:10]
root = list(api.list_repo_tree(**S))
kinds = {e.path: type(e).__name__ for e in root}
assert kinds == {"README.md": "RepoFile", "app.py": "RepoFile", "many": "RepoFolder",
                 "missing.bin": "RepoFile", "model.bin": "RepoFile", "sub": "RepoFolder"}, kinds
model = next(e for e in root if e.path == "model.bin")
assert model.lfs is not None and model.lfs.sha256 == lfs_oid, model
assert model.size == os.path.getsize(lfs_content) == model.lfs.size, model
readme = next(e for e in root if e.path == "README.md")
assert readme.size == 3 and readme.lfs is None and len(readme.blob_id) == 40, readme
sub = [e.path for e in api.list_repo_tree(**S, path_in_repo="sub", recursive=True)]
assert sub == ["sub/big.bin", "sub/dir", "sub/dir/deep.txt"], sub
many = list(api.list_repo_tree(**S, path_in_repo="many"))  # 1200 entries: two pages
assert len(many) == 1200 and len({e.path for e in many}) == 1200, len(many)
expanded = list(api.list_repo_tree(**S, expand=True))
by_path = {e.path: e for e in expanded}
assert by_path["README.md"].last_commit.oid == second, by_path["README.md"].last_commit
assert by_path["app.py"].last_commit.oid == first
assert by_path["README.md"].last_commit.title == "second version"
old = {e.path: e for e in api.list_repo_tree(**S, revision=first)}
assert old["README.md"].blob_id != readme.blob_id
info = api.get_paths_info(**S, paths=["README.md", "sub/dir", "nope"], revision=first)
assert [(type(i).__name__, i.path) for i in info] == [("RepoFile", "README.md"),
                                                       ("RepoFolder", "sub/dir")], info
print("ok - list_repo_files, list_repo_tree (recursive, folder, expand, pages), get_paths_info")

# Downloads: main, a commit id, a subfolder, an LFS file, a whole snapshot.
cache = os.path.join(work, "cache")
path = api.hf_hub_download(**S, filename="README.md", cache_dir=cache)
assert open(path).read() == "v2\n", open(path).read()
path = api.hf_hub_download(**S, filename="README.md", revision=first, cache_dir=cache)
assert open(path).read() == "v1\n"
path = api.hf_hub_download(**S, filename="deep.txt", subfolder="sub/dir", cache_dir=cache)
assert open(path).read() == "deep\n"
path = api.hf_hub_download(**S, filename="model.bin", cache_dir=cache)
assert filecmp.cmp(path, lfs_content, shallow=False), "LFS content differs"
snapshot = api.snapshot_download(**S, cache_dir=os.path.join(work, "snap"),
                                 ignore_patterns=["missing.bin", "many/*"])
source = os.path.join(work, "files")
for name in ["README.md", "app.py", "sub/dir/deep.txt", "sub/big.bin"]:
    assert filecmp.cmp(os.path.join(snapshot, name), os.path.join(source, name), shallow=False), name
assert filecmp.cmp(os.path.join(snapshot, "model.bin"), lfs_content, shallow=False)
assert os.path.basename(snapshot) == second, snapshot
local = api.snapshot_download(**S, revision=first, local_dir=os.path.join(work, "local"),
                              allow_patterns=["README.md", "sub/*"])
assert open(os.path.join(local, "README.md")).read() == "v1\n"
assert filecmp.cmp(os.path.join(local, "sub/big.bin"), os.path.join(source, "sub/big.bin"), shallow=False)
print("ok - hf_hub_download (main, commit, subfolder, LFS), snapshot_download")

# file_exists, and the Hub's errors.
assert api.file_exists(**S, filename="sub/dir/deep.txt")
assert not api.file_exists(**S, filename="sub/nothing.txt")
assert not api.file_exists(**S, filename="README.md", revision="no-such-branch")
expect(EntryNotFoundError, lambda: api.hf_hub_download(**S, filename="nothing.txt", cache_dir=cache), "missing file")
e = expect(EntryNotFoundError, lambda: api.hf_hub_download(**S, filename="missing.bin", cache_dir=cache), "missing LFS object")
assert "not stored" in str(e), e
expect(RevisionNotFoundError, lambda: api.hf_hub_download(**S, filename="README.md", revision="nope", cache_dir=cache), "missing revision")
expect(RevisionNotFoundError, lambda: list(api.list_repo_tree(**S, revision="nope")), "tree of a missing revision")
expect(RevisionNotFoundError, lambda: api.list_repo_commits(**S, revision="--upload-pack=touch /tmp/x"), "hostile revision")
expect(EntryNotFoundError, lambda: list(api.list_repo_tree(**S, path_in_repo="nope")), "tree of a missing folder")
expect(RevisionNotFoundError, lambda: api.space_info("alice/files", revision="0" * 40), "space_info of a missing commit")
print("ok - file_exists, EntryNotFoundError, RevisionNotFoundError")

# History and refs.
commits = api.list_repo_commits(**S)
assert [c.commit_id for c in commits] == [second, first], commits
assert commits[0].title == "second version" and commits[0].message == "with a body", commits[0]
assert commits[0].authors == ["tester"], commits[0].authors
assert [c.commit_id for c in api.list_repo_commits(**S, revision=first)] == [first]
refs = api.list_repo_refs(**S)
assert [(b.name, b.ref, b.target_commit) for b in refs.branches] == [("main", "refs/heads/main", second)], refs
assert refs.tags == [] and refs.converts == [], refs
api.create_branch(**S, branch="dev", revision=first)
api.create_branch(**S, branch="dev", exist_ok=True)
e = expect(HfHubHTTPError, lambda: api.create_branch(**S, branch="dev"), "second create_branch")
assert e.response.status_code == 409, e
expect(RevisionNotFoundError, lambda: api.create_branch(**S, branch="x", revision="nope"), "branch from nowhere")
e = expect(HfHubHTTPError, lambda: api.create_branch(**S, branch="bad..name"), "bad branch name")
assert e.response.status_code == 400, e
path = api.hf_hub_download(**S, filename="README.md", revision="dev", cache_dir=cache)
assert open(path).read() == "v1\n"
api.create_tag(**S, tag="v1.0", revision=first, tag_message="first release")
api.create_tag(**S, tag="light")
e = expect(HfHubHTTPError, lambda: api.create_tag(**S, tag="v1.0"), "second create_tag")
assert e.response.status_code == 409, e
api.create_tag(**S, tag="v1.0", exist_ok=True)
refs = api.list_repo_refs(**S)
assert {(b.name, b.target_commit) for b in refs.branches} == {("main", second), ("dev", first)}, refs
assert {(t.name, t.ref, t.target_commit) for t in refs.tags} == {("v1.0", "refs/tags/v1.0", first), ("light", "refs/tags/light", second)}, refs
assert api.space_info("alice/files", revision="v1.0").sha == first
api.delete_branch(**S, branch="dev")
expect(RevisionNotFoundError, lambda: api.delete_branch(**S, branch="dev"), "delete a missing branch")
e = expect(HfHubHTTPError, lambda: api.delete_branch(**S, branch="main"), "delete main")
assert e.response.status_code == 403, e
api.delete_tag(**S, tag="light")
assert [t.name for t in api.list_repo_refs(**S).tags] == ["v1.0"]
bob = HfApi(endpoint=endpoint, token=bob_token)
e = expect(HfHubHTTPError, lambda: bob.create_branch(**S, branch="bobs"), "bob's branch")
assert e.response.status_code == 403, e
e = expect(HfHubHTTPError, lambda: bob.create_tag(**S, tag="bobs"), "bob's tag")
assert e.response.status_code == 403, e
print("ok - list_repo_commits, list_repo_refs, create/delete_branch, create/delete_tag")

# space_info: sha is the head of main (or the revision asked for), siblings its files.
assert api.space_info("alice/files").sha == second
assert api.space_info("alice/files", revision=first).sha == first
assert api.space_info("alice/files", revision=first[:10]).sha == first
info = api.space_info("alice/files", revision=first, files_metadata=True)
sibs = {s.rfilename: s for s in info.siblings}
assert set(sibs) == expected, len(sibs)
assert sibs["README.md"].size == 3 and sibs["README.md"].blob_id == old["README.md"].blob_id
assert sibs["model.bin"].lfs is not None and sibs["model.bin"].lfs.sha256 == lfs_oid
assert sibs["model.bin"].size == os.path.getsize(lfs_content)
assert any(s.id == "alice/files" and s.sha == second for s in api.list_spaces(author="alice"))
print("ok - space_info(revision=…).sha and siblings, list_spaces sha")

# A private Space: its owner reads it, another user's token finds nothing.
P = dict(repo_id="alice/secret", repo_type="space")
assert "README.md" in api.list_repo_files(**P)
path = api.hf_hub_download(**P, filename="model.bin", cache_dir=cache)
assert filecmp.cmp(path, lfs_content, shallow=False)
assert not bob.file_exists(**P, filename="README.md")
expect(RepositoryNotFoundError, lambda: bob.hf_hub_download(**P, filename="README.md", cache_dir=os.path.join(work, "bob")), "bob's download")
expect(RepositoryNotFoundError, lambda: bob.list_repo_files(**P), "bob's listing")
expect(RepositoryNotFoundError, lambda: bob.list_repo_commits(**P), "bob's history")
expect(RepositoryNotFoundError, lambda: bob.space_info("alice/secret", revision="main"), "bob's space_info")
anonymous = HfApi(endpoint=endpoint, token=False)
expect(RepositoryNotFoundError, lambda: anonymous.list_repo_refs(**P), "anonymous refs")
print("ok - a private Space: its owner reads it, others get RepositoryNotFoundError")
PY

# Raw HTTP: ranges, HEAD, cookies, hostile input.
R=$API/spaces/alice/files/resolve
code=$(curl -s -o "$WORK/part" -w '%{http_code}' -H 'Range: bytes=100-199' "$R/main/sub/big.bin")
assert_eq "$code" 206 "a range of a git file"
cmp "$WORK/part" <(tail -c +101 "$WORK/files/sub/big.bin" | head -c 100) || fail "range content"
code=$(curl -s -o "$WORK/part" -w '%{http_code}' -H 'Range: bytes=-50' "$R/main/model.bin")
assert_eq "$code" 206 "a range of an LFS file"
cmp "$WORK/part" <(tail -c 50 "$LFS_CONTENT") || fail "LFS range content"
headers=$(curl -s -D - -o /dev/null -H 'Range: bytes=999999-' "$R/main/sub/big.bin")
grep -q '^HTTP/1.1 416' <<<"$headers" || fail "past the end: $headers"
grep -qi '^content-range: bytes \*/300000' <<<"$headers" || fail "416 Content-Range: $headers"
headers=$(curl -s -I "$R/$FIRST/README.md")
grep -qi "^x-repo-commit: $FIRST" <<<"$headers" || fail "HEAD X-Repo-Commit: $headers"
grep -qi "^etag: \"$(git -C "$WORK/files" rev-parse "$FIRST:README.md")\"" <<<"$headers" || fail "HEAD ETag: $headers"
grep -qi '^content-length: 3' <<<"$headers" || fail "HEAD Content-Length: $headers"
headers=$(curl -s -I "$R/main/model.bin")
grep -qi "^x-linked-etag: \"$LFS_OID\"" <<<"$headers" || fail "LFS X-Linked-Etag: $headers"
grep -qi "^x-linked-size: $LFS_SIZE" <<<"$headers" || fail "LFS X-Linked-Size: $headers"
[[ $(curl -s -o /dev/null -w '%{size_download}' -I "$R/main/README.md") == 0 ]] || fail "HEAD has a body"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: token=$TOKEN" "$API/spaces/alice/secret/resolve/main/README.md")" 200 "the owner's cookie"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BOB_TOKEN" "$API/spaces/alice/secret/resolve/main/README.md")" 404 "bob's token"
code=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$R/--upload-pack=touch%20$WORK%2Fpwned/README.md")
assert_eq "$code" 404 "a revision that is an option"
grep -qi '^x-error-code: RevisionNotFound' "$WORK/headers" || fail "no RevisionNotFound: $(cat "$WORK/headers")"
[[ ! -e $WORK/pwned ]] || fail "a revision reached git as an option"
for hostile in "main/../../../etc/passwd" "main/sub/%2e%2e/%2e%2e/README.md" "main/sub%2F..%2F..%2Fx" "main/a%00b" "main/%2Fetc%2Fpasswd/.."; do
  code=$(curl -s --path-as-is -o "$WORK/body" -w '%{http_code}' "$R/$hostile")
  [[ $code == 400 || $code == 404 ]] || fail "$hostile answered $code: $(cat "$WORK/body")"
  grep -q root: "$WORK/body" && fail "$hostile leaked a host file"
done
code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$API/api/spaces/alice/files/tree/main/sub%2F..%2F..")
assert_eq "$code" 400 "a tree path leaving the repository"
code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$API/api/spaces/alice/files/tree/main?cursor=-1")
assert_eq "$code" 400 "a bad cursor"
pass "resolve over HTTP: Range 206/416, HEAD, ETag, cookie, private 404, hostile revisions and paths"
