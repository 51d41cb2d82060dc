#!/usr/bin/env bash
# The commit API against git: a 200-file, 50 MB Space (10 binary files of 4 MiB, over the LFS
# threshold; 190 text files of ~50 KiB) sent to `berth serve` with huggingface_hub's
# upload_folder (preupload, LFS batch + PUTs, one NDJSON commit), and the same files pushed with
# git (+ git-lfs for the 10 binaries where it is installed). Each round makes a new Space for
# each way; printed: the upload's wall time and the time until the Space is RUNNING, per round
# and as medians, with ratios (upload_folder / git). Needs root, the huggingface_hub copy in
# ../shared/clients and busybox-static. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
ROUNDS=${ROUNDS:-3}
HUB_CLIENT=$SOURCE_DIR/../shared/clients/huggingface_hub-1.28.0
[[ -d $HUB_CLIENT ]] || HUB_CLIENT=/work/shared/clients/huggingface_hub-1.28.0
[[ -d $HUB_CLIENT/huggingface_hub ]] || { echo "needs the huggingface_hub copy in ../shared/clients"; exit 1; }
WORK=$(mktemp -d /tmp/berth-bench-hub-upload-XXXXXX)
export BERTH_ROOT=$WORK/berth GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
export PYTHONPATH=$HUB_CLIENT HF_HOME=$WORK/hf HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_XET=1
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
git config --global init.defaultBranch main
SERVER_PID=
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
cleanup() {
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
API=http://127.0.0.1:$PORT

"$SOURCE_DIR/scripts/make-busybox-rootfs" "$WORK/busybox.tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$WORK/busybox.tar" localhost/busybox:space >/dev/null
"$BERTH" serve --listen 127.0.0.1:$PORT >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && break; sleep 0.1; done
"$BERTH" user create bench >/dev/null
TOKEN=$("$BERTH" token create bench --write)

# The Space: 200 files, ~50 MB.
SPACE=$WORK/space
mkdir -p "$SPACE/app/text" "$SPACE/app/weights"
printf -- '---\ntitle: Upload bench\nsdk: docker\napp_port: 7860\n---\n' > "$SPACE/README.md"
printf 'FROM localhost/busybox:space\nCOPY --chown=1000:1000 app /app\nCMD ["/bin/sh", "/app/start.sh"]\n' > "$SPACE/Dockerfile"
printf 'mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 7860 -h /tmp/www\n' > "$SPACE/app/start.sh"
# A NUL in the first 512 bytes: binary, as the Hub decides.
for i in $(seq 1 10); do { printf "\0"; head -c $((4 * 1024 * 1024 - 1)) /dev/urandom; } > "$SPACE/app/weights/w$i.bin"; done
for i in $(seq 1 187); do base64 -w 76 < <(head -c 38000 /dev/urandom) > "$SPACE/app/text/t$i.txt"; done
files=$(find "$SPACE" -type f | wc -l)
bytes=$(du -sb "$SPACE" | cut -f1)
have_lfs=$(command -v git-lfs >/dev/null && echo yes || echo no)
echo "-- $files files, $((bytes / 1000000)) MB (10 binary files of 4 MiB); git-lfs: $have_lfs; $ROUNDS rounds --"

now() { date +%s.%N; }
wait_running() {  # wait_running SPACE START: seconds from START to RUNNING
  local stage
  for _ in $(seq 6000); do
    stage=$(curl -s "$API/api/spaces/$1/runtime" | jq -r .stage)
    [[ $stage == RUNNING ]] && break
    sleep 0.05
  done
  [[ $stage == RUNNING ]] || { echo "$1 is $stage: $(tail -3 "$WORK/serve.log")" >&2; exit 1; }
  echo "$(now) - $2" | bc
}
new_space() { curl -fs "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"type\":\"space\",\"sdk\":\"docker\"}" >/dev/null; }

# The git side: one work tree, pushed to a new Space each round.
GIT_TREE=$WORK/git-tree
cp -r "$SPACE" "$GIT_TREE"
git -C "$GIT_TREE" init -q
if [[ $have_lfs == yes ]]; then
  git lfs install --skip-repo >/dev/null
  git -C "$GIT_TREE" lfs install >/dev/null
  git -C "$GIT_TREE" lfs track '*.bin' >/dev/null
fi
git -C "$GIT_TREE" add -A && git -C "$GIT_TREE" commit -qm bench

hf_up=() hf_run=() git_up=() git_run=()
for round in $(seq 1 "$ROUNDS"); do
  new_space "hf$round"
  start=$(now)
  /usr/bin/python3 - "$API" "$TOKEN" "$SPACE" "bench/hf$round" <<'PY'
import sys, logging
from huggingface_hub import HfApi
from huggingface_hub.utils import disable_progress_bars
disable_progress_bars()
HfApi(endpoint=sys.argv[1], token=sys.argv[2]).upload_folder(
    folder_path=sys.argv[3], repo_id=sys.argv[4], repo_type="space")
PY
  hf_up+=("$(echo "$(now) - $start" | bc)")
  hf_run+=("$(wait_running "bench/hf$round" "$start")")

  new_space "git$round"
  start=$(now)
  git -C "$GIT_TREE" push -q "http://bench:$TOKEN@127.0.0.1:$PORT/spaces/bench/git$round.git" HEAD:main 2>/dev/null
  git_up+=("$(echo "$(now) - $start" | bc)")
  git_run+=("$(wait_running "bench/git$round" "$start")")
  printf 'round %d: upload_folder %6.2f s (RUNNING after %6.2f s)   git push %6.2f s (RUNNING after %6.2f s)\n' \
    "$round" "${hf_up[-1]}" "${hf_run[-1]}" "${git_up[-1]}" "${git_run[-1]}"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
m_hf_up=$(median "${hf_up[@]}") m_hf_run=$(median "${hf_run[@]}")
m_git_up=$(median "${git_up[@]}") m_git_run=$(median "${git_run[@]}")
printf -- '-- medians --\n'
printf '%-28s %7.2f s   %-20s %7.2f s   ratio %5.2f\n' "upload_folder wall" "$m_hf_up" "git push wall" "$m_git_up" "$(echo "$m_hf_up / $m_git_up" | bc -l)"
printf '%-28s %7.2f s   %-20s %7.2f s   ratio %5.2f\n' "upload_folder → RUNNING" "$m_hf_run" "git push → RUNNING" "$m_git_run" "$(echo "$m_hf_run / $m_git_run" | bc -l)"
