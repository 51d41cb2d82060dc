# Fixtures for tests that drive `berth serve`: source it after lib.bash. It skips the test
# where the server's tools are missing, imports a busybox base image, gives git a clean identity, picks a free
# port and defines the helpers below. The server itself starts with start_server.
#   start_server              `berth serve` on 0.0.0.0:$PORT (domain localhost), log in $WORK/serve.log
#   space_get LABEL PATH …    a request to a Space's host, as a browser on *.localhost sends it
#   runtime_field SPACE KEY   one field of /api/spaces/SPACE/runtime, read with $TOKEN
#   wait_stage SPACE STAGE [S] waits until the Space's stage is STAGE (default 120 s)
#   push SPACE DIR [TOKEN]    git push of DIR's HEAD to the Space's main
#   new_repo DIR FROM         a work tree with FROM's files, committed
require_root
require_tool runc
require_tool git
require_tool curl
require_tool python3
require_tool nft nftables
[[ -x /usr/lib/podman/aardvark-dns ]] || skip "needs aardvark-dns (apt-get install aardvark-dns)"
B=("$BERTH")
"${B[@]}" import -c 'CMD ["/bin/sh"]' "$(busybox_tar)" localhost/busybox:space >/dev/null

export GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
mkdir -p "$HOME"
git config --global user.name tester
git config --global user.email tester@example.com
git config --global init.defaultBranch main

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
API=http://127.0.0.1:$PORT
SERVE_ARGS=()  # extra `berth serve` flags a test may set before start_server
start_server() {
  # On every address, so that isolation checks have something to be kept from.
  "${B[@]}" serve --listen "0.0.0.0:$PORT" --domain localhost "${SERVE_ARGS[@]}" >>"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && return 0; sleep 0.1; done
  cat "$WORK/serve.log"
  fail "berth serve did not start"
}
stop_server() { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }
cleanup 'stop_server'

space_get() {  # space_get LABEL PATH [curl args…]
  local label=$1 path=$2; shift 2
  curl -s --max-time 10 --resolve "$label.localhost:$PORT:127.0.0.1" "$@" "http://$label.localhost:$PORT$path"
}
runtime_field() { curl -s "$API/api/spaces/$1/runtime" -H "Authorization: Bearer $TOKEN" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$2', ''))"; }
wait_stage() {  # wait_stage SPACE STAGE [SECONDS]
  local stage
  for _ in $(seq $((${3:-120} * 5))); do
    stage=$(runtime_field "$1" stage)
    [[ $stage == "$2" ]] && return 0
    sleep 0.2
  done
  fail "$1 is $stage, expected $2: $(runtime_field "$1" errorMessage) $(tail -5 "$WORK/serve.log")"
}
push() {  # push SPACE DIR [TOKEN]
  git -C "$2" push -q "http://user:${3:-$TOKEN}@127.0.0.1:$PORT/spaces/$1.git" HEAD:main 2>&1
}
new_repo() {  # new_repo DIR FROM: a work tree with FROM's files, committed
  rm -rf "$1"; cp -r "$2" "$1"
  git -C "$1" init -q && git -C "$1" add -A && git -C "$1" commit -qm "first"
}
