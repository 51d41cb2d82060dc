"""huggingface_hub's HfApi against `berth serve`: a Space's settings, restart, move and duplicate.

Run by tests/integration/hub_python_settings.sh with the real client on PYTHONPATH and the
server's facts in the environment (API, PORT, TOKEN, READ_TOKEN, BOB_TOKEN, SECRET, DATA, WORK).
Each check prints what it proved; the first failure raises with what was seen.
"""
import http.client
import json
import os
import shutil
import subprocess
import time
import urllib.request
import warnings

from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

warnings.simplefilter("ignore")  # request_space_storage and duplicate_space are deprecated

API = os.environ["API"]
PORT = os.environ["PORT"]
TOKEN = os.environ["TOKEN"]
READ_TOKEN = os.environ["READ_TOKEN"]
BOB_TOKEN = os.environ["BOB_TOKEN"]
SECRET = os.environ["SECRET"]
WORK = os.environ["WORK"]
DATA = os.environ["DATA"]

alice = HfApi(endpoint=API, token=TOKEN)
alice_read = HfApi(endpoint=API, token=READ_TOKEN)
bob = HfApi(endpoint=API, token=BOB_TOKEN)


def ok(what):
    print("ok - " + what, flush=True)


def expect_error(status, call, *args, contains="", **kwargs):
    """The call fails with an HTTP error of `status` whose message has `contains`."""
    try:
        call(*args, **kwargs)
    except HfHubHTTPError as e:
        got = e.response.status_code
        assert got == status, f"{call.__name__}: expected {status}, got {got}: {e}"
        assert contains in str(e), f"{call.__name__}: {contains!r} not in {e}"
        return e
    raise AssertionError(f"{call.__name__}{args} succeeded; expected {status}")


def wait_stage(api, repo_id, stage, seconds=180, leave=None):
    """Waits until the Space is in `stage` (after having left `leave`, when given)."""
    deadline = time.time() + seconds
    left = leave is None
    runtime = None
    while time.time() < deadline:
        runtime = api.get_space_runtime(repo_id)
        left = left or runtime.stage != leave
        if left and runtime.stage == stage:
            return runtime
        if runtime.stage.endswith("_ERROR") and not stage.endswith("_ERROR"):
            break
        time.sleep(0.3)
    raise AssertionError(f"{repo_id} is {runtime.stage if runtime else None}, expected {stage}: "
                         f"{runtime.raw if runtime else ''}")


def build_log(repo_id, token=TOKEN):
    """The last deploy's build log, its lines' texts."""
    status, _, body = raw("GET", f"/api/spaces/{repo_id}/logs/build?follow=false", token)
    assert status == 200, body
    return [json.loads(line[len("data: "):]) for line in body.splitlines()
            if line.startswith("data: {")]


def wait_new_deploy(api, repo_id, before, seconds=180):
    """Waits until a deploy that started after the log `before` was taken ends RUNNING; returns
    its log's lines."""
    deadline = time.time() + seconds
    first = before[0]["timestamp"] if before else None
    lines = []
    while time.time() < deadline:
        lines = build_log(repo_id)
        texts = [line["data"] for line in lines]
        if lines and lines[0]["timestamp"] != first and any("--> Running at" in t for t in texts):
            wait_stage(api, repo_id, "RUNNING")
            return texts
        if any(t.startswith("--> BUILD_ERROR") or t.startswith("--> RUNTIME_ERROR") for t in texts):
            raise AssertionError(f"{repo_id}: deploy failed: {texts[-5:]}")
        time.sleep(0.3)
    raise AssertionError(f"{repo_id}: no new deploy finished: {[l['data'] for l in lines][-5:]}")


def space_get(label, path):
    """A request to a Space's host, as a browser on *.localhost sends it: (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", int(PORT), timeout=10)
    conn.request("GET", path, headers={"Host": f"{label}.localhost:{PORT}"})
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace")


def app_env(label):
    status, body = space_get(label, "/cgi-bin/env")
    assert status == 200, f"{label}: {status} {body[:300]}"
    return dict(line.split("=", 1) for line in body.splitlines() if "=" in line)


def wait_env(label, key, value, seconds=120):
    deadline = time.time() + seconds
    env = {}
    while time.time() < deadline:
        try:
            env = app_env(label)
            if env.get(key) == value:
                return env
        except (AssertionError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{label}: {key}={env.get(key)!r}, expected {value!r}")


def git(*args, cwd=None):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def remote(repo_id, token=TOKEN):
    return f"http://user:{token}@127.0.0.1:{PORT}/spaces/{repo_id}.git"


def head_of(repo_id, token=TOKEN):
    out = git("ls-remote", remote(repo_id, token), "refs/heads/main")
    return out.split()[0] if out else ""


def raw(method, path, token=TOKEN, body=None):
    """A request to the API as it is on the wire: (status, headers, body)."""
    request = urllib.request.Request(API + path, method=method,
                                     headers={"Authorization": f"Bearer {token}"})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


# --- repo_exists, create_repo(exist_ok), delete_repo(missing_ok) --------------------------
url = alice.create_repo("alice/hello", repo_type="space", space_sdk="docker",
                        space_secrets=[{"key": "API_KEY", "value": SECRET}],
                        space_variables=[{"key": "GREETING", "value": "hi there"}])
assert url.repo_id == "alice/hello", url
again = alice.create_repo("alice/hello", repo_type="space", space_sdk="docker", exist_ok=True)
assert again.repo_id == "alice/hello", again
expect_error(409, alice.create_repo, "alice/hello", repo_type="space", space_sdk="docker")
assert alice.repo_exists("alice/hello", repo_type="space")
assert not alice.repo_exists("alice/nope", repo_type="space")
alice.delete_repo("alice/nope", repo_type="space", missing_ok=True)
try:
    alice.delete_repo("alice/nope", repo_type="space")
    raise AssertionError("delete_repo of a missing Space succeeded")
except RepositoryNotFoundError:
    pass
ok("create_repo (exist_ok, 409), repo_exists true/false, delete_repo(missing_ok) of a missing Space")
# create_repo's space_storage arrives as "storageTier".
alice.create_repo("alice/stored", repo_type="space", space_sdk="docker", space_storage="small")
assert alice.get_space_runtime("alice/stored").storage == "small", \
    alice.get_space_runtime("alice/stored").raw
alice.delete_repo("alice/stored", repo_type="space")
ok("create_repo(space_storage=…) sets the storage tier")

# Storage before the first deploy, so the app has /data from its start.
runtime = alice.request_space_storage("alice/hello", "small")
assert runtime.storage == "small", runtime.raw

# --- the first deploy, by git push --------------------------------------------------------
work = os.path.join(WORK, "hello")
shutil.copytree(os.path.join(DATA, "hello"), work)
git("init", "-q", cwd=work)
git("add", "-A", cwd=work)
git("commit", "-qm", "first", cwd=work)
git("push", "-q", remote("alice/hello"), "HEAD:main", cwd=work)
wait_stage(alice, "alice/hello", "RUNNING")
env = app_env("alice-hello")
assert env["GREETING"] == "hi there" and env["SPACE_ID"] == "alice/hello", env
status, body = space_get("alice-hello", "/cgi-bin/touch")
assert status == 200 and "/data/persistent" in body, body
ok("a pushed busybox Space runs with its variables, secrets and /data")

# --- secrets ------------------------------------------------------------------------------
alice.add_space_secret("alice/hello", "EXTRA", "extra-secret-value", description="for tests")
secrets = alice.get_space_secrets("alice/hello")
assert set(secrets) == {"API_KEY", "EXTRA"}, secrets
assert secrets["EXTRA"].description == "for tests" and secrets["EXTRA"].updated_at, secrets
status, headers, body = raw("GET", "/api/spaces/alice/hello/secrets")
assert status == 200 and SECRET not in body and "extra-secret-value" not in body, body
alice.delete_space_secret("alice/hello", "EXTRA")
assert set(alice.get_space_secrets("alice/hello")) == {"API_KEY"}
expect_error(403, alice_read.add_space_secret, "alice/hello", "X", "v", contains="rights")
expect_error(403, bob.add_space_secret, "alice/hello", "X", "v", contains="rights")
expect_error(403, bob.get_space_secrets, "alice/hello")
expect_error(400, alice.add_space_secret, "alice/hello", "1BAD", "v", contains="1BAD")
expect_error(400, alice.add_space_secret, "alice/hello", "BIG", "x" * (64 * 1024 + 1),
             contains="bytes long")
expect_error(404, alice.delete_space_secret, "alice/hello", "NOT_THERE")
ok("add_space_secret, get_space_secrets (no values), delete_space_secret; 403 read token and "
   "non-owner, 400 bad key and huge value")

# --- variables ----------------------------------------------------------------------------
variables = alice.add_space_variable("alice/hello", "GREETING", "hello again",
                                     description="the greeting")
assert variables["GREETING"].value == "hello again", variables
assert variables["GREETING"].description == "the greeting", variables
alice.add_space_variable("alice/hello", "TEMP", "t")
assert set(alice.get_space_variables("alice/hello")) == {"GREETING", "TEMP"}
# Public on the Hub: whoever sees the Space sees its variables.
assert bob.get_space_variables("alice/hello")["TEMP"].value == "t"
after = alice.delete_space_variable("alice/hello", "TEMP")
assert set(after) == {"GREETING"}, after
expect_error(403, bob.add_space_variable, "alice/hello", "X", "v")
expect_error(409, alice.add_space_variable, "alice/hello", "API_KEY", "v", contains="secret")
status, headers, _ = raw("POST", "/api/spaces/alice/hello/variables", body={"key": "N", "value": "1"})
assert status == 200 and "redeploys" in headers.get("X-Berth-Notice", ""), headers
alice.delete_space_variable("alice/hello", "N")
# As on the Hub, a change redeploys the Space: the app gets the new value without a restart.
wait_env("alice-hello", "GREETING", "hello again")
wait_stage(alice, "alice/hello", "RUNNING")
ok("add_space_variable, get_space_variables, delete_space_variable; a change redeploys")

# --- restart applies them -----------------------------------------------------------------
runtime = alice.restart_space("alice/hello")
assert runtime.stage in ("RUNNING", "APP_STARTING"), runtime.raw
wait_env("alice-hello", "GREETING", "hello again")
wait_stage(alice, "alice/hello", "RUNNING")
status, body = space_get("alice-hello", "/cgi-bin/files")
assert "/data/persistent" in body and "No such file" in body, body  # /tmp went, /data stayed
ok("restart_space applies the variables (writable layer dropped, /data kept)")

# --- hardware and sleep time --------------------------------------------------------------
runtime = alice.request_space_hardware("alice/hello", "cpu-upgrade", sleep_time=7200)
assert runtime.requested_hardware == "cpu-upgrade" and runtime.sleep_time == 7200, runtime.raw
expect_error(400, alice.request_space_hardware, "alice/hello", "t4-small", contains="accelerator")
expect_error(400, alice.request_space_hardware, "alice/hello", "cpu-imaginary")
runtime = alice.set_space_sleep_time("alice/hello", 3600)
assert runtime.sleep_time == 3600, runtime.raw
assert alice.get_space_runtime("alice/hello").raw["gcTimeout"] == 3600
expect_error(400, alice.set_space_sleep_time, "alice/hello", 0)
expect_error(403, alice_read.set_space_sleep_time, "alice/hello", 60)
alice.request_space_hardware("alice/hello", "cpu-basic")
ok("request_space_hardware (CPU flavors; GPU and unknown ones 400), set_space_sleep_time and "
   "gcTimeout")

# --- pause: the app stops until a restart ------------------------------------------------
wait_stage(alice, "alice/hello", "RUNNING")  # the hardware changes' redeploys are done
expect_error(403, bob.pause_space, "alice/hello")
runtime = alice.pause_space("alice/hello")
assert runtime.stage == "PAUSED", runtime.raw
status, body = space_get("alice-hello", "/")
assert status == 503 and "paused" in body, (status, body)
time.sleep(3)  # visits do not wake it, nor does the sleeper
assert alice.get_space_runtime("alice/hello").stage == "PAUSED"
assert space_get("alice-hello", "/")[0] == 503
alice.restart_space("alice/hello")
wait_stage(alice, "alice/hello", "RUNNING")
assert space_get("alice-hello", "/")[0] == 200
ok("pause_space: PAUSED, a 503 page that says so, no wake; restart_space brings it back")

# --- visibility ---------------------------------------------------------------------------
alice.update_repo_settings("alice/hello", repo_type="space", private=True)
assert alice.space_info("alice/hello").private
try:
    bob.space_info("alice/hello")
    raise AssertionError("bob sees a private Space")
except RepositoryNotFoundError:
    pass
expect_error(404, bob.add_space_variable, "alice/hello", "X", "v")
assert space_get("alice-hello", "/")[0] == 404  # the proxy hides it too
alice.update_repo_settings("alice/hello", repo_type="space", visibility="public")
assert not alice.space_info("alice/hello").private
assert space_get("alice-hello", "/")[0] == 200
expect_error(400, alice.update_repo_settings, "alice/hello", repo_type="space",
             visibility="protected", contains="not supported yet")
expect_error(400, alice.update_repo_settings, "alice/hello", repo_type="space", gated="manual")
ok("update_repo_settings(private=…, visibility=…); a private Space is 404 to others")

# --- factory reboot -----------------------------------------------------------------------
# A push rebuilds with the cache: once the build arguments are the new variables', its steps
# are CACHED ...
for message in ("second", "third"):
    before = build_log("alice/hello")
    git("commit", "-q", "--allow-empty", "-m", message, cwd=work)
    git("push", "-q", remote("alice/hello"), "HEAD:main", cwd=work)
    texts = wait_new_deploy(alice, "alice/hello", before)
head_commit = git("rev-parse", "HEAD", cwd=work).strip()
assert any("CACHED" in t for t in texts), texts
# ... a factory reboot runs every step again.
before = build_log("alice/hello")
runtime = alice.restart_space("alice/hello", factory_reboot=True)
texts = wait_new_deploy(alice, "alice/hello", before)
assert not any("CACHED" in t for t in texts) and any("RUN" in t for t in texts), texts
assert any(head_commit in t for t in texts), texts
ok("restart_space(factory_reboot=True) rebuilds the head without the build cache")

# --- move ---------------------------------------------------------------------------------
alice.create_repo("alice/other", repo_type="space", space_sdk="docker")
expect_error(409, alice.move_repo, "alice/hello", "alice/other", repo_type="space")
expect_error(403, alice.move_repo, "alice/hello", "bob/hello", repo_type="space")
expect_error(403, bob.move_repo, "alice/hello", "bob/hello", repo_type="space")
alice.move_repo("alice/hello", "alice/moved", repo_type="space")
try:
    alice.space_info("alice/hello")
    raise AssertionError("the old id still answers")
except RepositoryNotFoundError:
    pass
try:
    alice.move_repo("alice/hello", "alice/again", repo_type="space")
    raise AssertionError("moving the old id succeeded")
except RepositoryNotFoundError:
    pass
assert alice.repo_exists("alice/moved", repo_type="space")
wait_stage(alice, "alice/moved", "RUNNING")
info = alice.space_info("alice/moved")
assert info.subdomain == "alice-moved", info
env = wait_env("alice-moved", "SPACE_ID", "alice/moved")
assert env["GREETING"] == "hello again", env  # variables came along
assert env["API_KEY_SHA"] == subprocess.run(["sha256sum"], input=SECRET, text=True,
                                            capture_output=True).stdout[:64], env
status, body = space_get("alice-moved", "/cgi-bin/files")
assert "/data/persistent" in body, body  # and the storage's data
assert space_get("alice-hello", "/")[0] == 404
assert head_of("alice/moved") == head_commit
assert int(git("rev-list", "--count", head_commit, cwd=work)) == 3
assert alice.get_space_secrets("alice/moved").keys() == {"API_KEY"}
ok("move_repo keeps history, variables, secrets and /data; the old id is RepositoryNotFound; "
   "the app runs under the new name and host")

# --- duplicate ----------------------------------------------------------------------------
url = bob.duplicate_space("alice/moved", "bob/copy",
                          secrets=[{"key": "API_KEY", "value": "bob-key"}],
                          variables=[{"key": "EXTRA", "value": "mine"}])
assert url.repo_id == "bob/copy", url
assert head_of("bob/copy", BOB_TOKEN) == head_commit
clone = os.path.join(WORK, "clone")
git("clone", "-q", remote("bob/copy", BOB_TOKEN), clone)
assert os.path.exists(os.path.join(clone, "app", "start.sh"))
assert int(git("rev-list", "--count", "HEAD", cwd=clone)) == 3  # the history came along
wait_stage(bob, "bob/copy", "RUNNING")
env = wait_env("bob-copy", "SPACE_ID", "bob/copy")
assert env["GREETING"] == "hello again", env  # the source's variables
assert env["API_KEY_SHA"] == subprocess.run(["sha256sum"], input="bob-key", text=True,
                                            capture_output=True).stdout[:64], env
assert bob.get_space_variables("bob/copy").keys() == {"GREETING", "EXTRA"}
assert bob.get_space_secrets("bob/copy").keys() == {"API_KEY"}
assert not bob.space_info("bob/copy").private
bob.duplicate_space("alice/moved", "bob/copy", exist_ok=True)
expect_error(409, bob.duplicate_space, "alice/moved", "bob/copy")
expect_error(403, bob.duplicate_space, "alice/moved", "alice/stolen")
expect_error(403, HfApi(endpoint=API, token=READ_TOKEN).duplicate_space, "alice/moved", "alice/x")
alice.update_repo_settings("alice/moved", repo_type="space", private=True)
try:
    bob.duplicate_space("alice/moved", "bob/private-copy")
    raise AssertionError("bob duplicated a private Space")
except RepositoryNotFoundError:
    pass
url = alice.duplicate_space("alice/moved", "alice/twin")
assert alice.space_info("alice/twin").private  # the source's visibility by default
ok("duplicate_space: files, history and variables (secrets only those given), deployed to "
   "RUNNING; 409 / exist_ok, 403 for another namespace and read tokens, private Spaces 404")

# --- storage ------------------------------------------------------------------------------
runtime = alice.request_space_storage("alice/moved", "medium")
assert runtime.storage == "medium", runtime.raw
expect_error(400, alice.request_space_storage, "alice/moved", "small", contains="delete the storage")
expect_error(400, alice.request_space_storage, "alice/moved", "huge")
runtime = alice.delete_space_storage("alice/moved")
assert runtime.storage is None, runtime.raw
expect_error(400, alice.delete_space_storage, "alice/moved", contains="no persistent storage")
ok("request_space_storage (grow only), delete_space_storage")

for space, api in (("alice/moved", alice), ("alice/other", alice), ("alice/twin", alice),
                   ("bob/copy", bob)):
    api.delete_repo(space, repo_type="space")
print("all checks passed")
