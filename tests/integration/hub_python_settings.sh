#!/usr/bin/env bash
# huggingface_hub (the real client, v1.28.0 from ../shared/clients) against `berth serve`: a
# busybox Space's settings through HfApi, end to end (tests/integration/tools/
# hub_settings_check.py): create_repo(exist_ok), repo_exists, delete_repo(missing_ok);
# add/get/delete_space_secret and _variable, a change redeploying; request_space_hardware,
# set_space_sleep_time (gcTimeout); pause_space (PAUSED, 503, restart); update_repo_settings
# (visibility); restart_space(factory_reboot=True) without the build cache; move_repo (history,
# variables, secrets, /data kept, the old id RepositoryNotFound, the app under its new host);
# duplicate_space (files and history seen by git, deployed to RUNNING); request_space_storage
# and delete_space_storage. Skipped where the client is absent.
source "$(dirname "$0")/lib.bash"
# ../shared beside the repository, else the workplace's copy.
HF_CLIENT=$(cd "$(dirname "$0")/../../.." && pwd)/shared/clients/huggingface_hub-1.28.0
[[ -d $HF_CLIENT/huggingface_hub ]] || HF_CLIENT=/work/shared/clients/huggingface_hub-1.28.0
[[ -d $HF_CLIENT/huggingface_hub ]] || skip "huggingface_hub 1.28.0 is not in ../shared/clients"
/usr/bin/python3 -c 'import httpx, yaml, tqdm, filelock' 2>/dev/null ||
  skip "huggingface_hub's dependencies are missing (apt-get install python3-httpx python3-yaml python3-tqdm python3-filelock)"
DATA=${BERTH_TEST_DATA:-$SOURCE_DIR/tests/data}/spaces
source "$(dirname "$0")/serve_lib.bash"
start_server
cleanup "'$BERTH' space rm alice/hello alice/moved alice/other alice/twin bob/copy >/dev/null 2>&1"

"${B[@]}" user create alice >/dev/null
"${B[@]}" user create bob >/dev/null
TOKEN=$("${B[@]}" token create alice --write)
READ_TOKEN=$("${B[@]}" token create alice)
BOB_TOKEN=$("${B[@]}" token create bob --write)

export API PORT TOKEN READ_TOKEN BOB_TOKEN DATA WORK
export SECRET=s3cr3t-$RANDOM-settings
# The client's caches and token file stay in $WORK; no telemetry, no implicit token.
export HF_HOME=$WORK/hf HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_IMPLICIT_TOKEN=1
PYTHONPATH=$HF_CLIENT /usr/bin/python3 "$(dirname "$0")/tools/hub_settings_check.py" ||
  { tail -20 "$WORK/serve.log"; fail "huggingface_hub against berth serve"; }
grep -qF "$SECRET" "$WORK/serve.log" && fail "a secret reached the server's log"
pass "huggingface_hub's Space settings, restart, move and duplicate work against berth serve"
