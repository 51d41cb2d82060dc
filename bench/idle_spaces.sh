#!/usr/bin/env bash
# An idle `berth serve` with many running Spaces (issue 14's "events, not polling"):
# (a) the server's CPU time and the processes it starts over IDLE_SECONDS with SPACES busybox
#     httpd Spaces running and no request coming (target: no measurable CPU, no process);
# (b) how long a crashed app takes to show as RUNTIME_ERROR (target: within 1 s), ROUNDS times.
# The server checks a Space when the root announces an exit (runtime/root_events), else in a
# 30 s sweep; (a) covers at least one sweep. Needs root. Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
SPACES=${SPACES:-100}
IDLE_SECONDS=${IDLE_SECONDS:-65}
ROUNDS=${ROUNDS:-5}
WORK=$(mktemp -d /tmp/berth-bench-idle-XXXXXX)
export BERTH_ROOT=$WORK/berth GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
SERVER_PID= STRACE_PID=
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
cleanup() {
  [[ -z $STRACE_PID ]] || kill "$STRACE_PID" 2>/dev/null || true
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v strace >/dev/null || { apt-get install -y strace >/dev/null 2>&1 || true; }
PORT=18450
API=http://127.0.0.1:$PORT

"$SOURCE_DIR/scripts/make-busybox-rootfs" "$WORK/busybox.tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$WORK/busybox.tar" localhost/busybox:space >/dev/null
"$BERTH" serve --listen 127.0.0.1:$PORT >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && break; sleep 0.1; done
"$BERTH" user create bench >/dev/null
TOKEN=$("$BERTH" token create bench --write)

app=$WORK/app
mkdir -p "$app"
printf -- '---\nsdk: docker\napp_port: 7860\n---\n' >"$app/README.md"
printf 'FROM localhost/busybox:space\nCMD ["httpd", "-f", "-p", "7860", "-h", "/"]\n' >"$app/Dockerfile"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm app

stage() { curl -s "$API/api/spaces/bench/$1/runtime" | jq -r .stage; }
echo "-- deploying $SPACES Spaces --"
start=$(date +%s)
for i in $(seq 1 "$SPACES"); do
  "$BERTH" space create "bench/s$i" >/dev/null
  git -C "$app" push -q "http://bench:$TOKEN@127.0.0.1:$PORT/spaces/bench/s$i.git" HEAD:main
done
for i in $(seq 1 "$SPACES"); do
  for _ in $(seq 1200); do [[ $(stage "s$i") == RUNNING ]] && break; sleep 0.1; done
  [[ $(stage "s$i") == RUNNING ]] || { echo "s$i is $(stage "s$i")" >&2; tail -5 "$WORK/serve.log" >&2; exit 1; }
done
echo "$SPACES Spaces RUNNING after $(($(date +%s) - start)) s"
# For its first minute a deploy is probed every 5 s (automatic rollback): the server is idle
# once the last one is past that window.
echo "waiting 60 s for the new deploys' rollback window to pass"
sleep 60

echo "-- (a) idle for $IDLE_SECONDS s --"
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
# Each time one of the server's threads blocks and is woken again is a context switch.
switches() { cat /proc/"$SERVER_PID"/task/*/status | awk '/ctxt_switches/ {n += $2} END {print n}'; }
hz=$(getconf CLK_TCK)
# First the server alone (strace would stop it at each system call), then under strace, for the
# programs it starts.
before=$(ticks)
switches_before=$(switches)
host_before=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat)
sleep "$IDLE_SECONDS"
after=$(ticks)
switches_after=$(switches)
host_after=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat)
cpu_ms=$(((after - before) * 1000 / hz))
echo "berth serve CPU over $IDLE_SECONDS s: ${cpu_ms} ms ($(echo "scale=3; $cpu_ms / 10 / $IDLE_SECONDS" | bc) %)   (target: none measurable)"
echo "server thread wake-ups (context switches of all its threads): $((switches_after - switches_before))"
echo "whole host CPU meanwhile (all processes, incl. $SPACES httpd and shims): $(((host_after - host_before) * 1000 / hz)) ms"
strace -f -qq -e trace=fork,vfork,clone,clone3,execve -o "$WORK/strace.log" -p "$SERVER_PID" &
STRACE_PID=$!
sleep "$IDLE_SECONDS"
kill "$STRACE_PID"; wait "$STRACE_PID" 2>/dev/null || true; STRACE_PID=
# Threads the server makes itself are clone()s without execve; a started program is an execve.
execs=$(grep -c 'execve(' "$WORK/strace.log" || true)
threads=$(grep -cE 'clone3?\(' "$WORK/strace.log" || true)
echo "programs started by the server over another $IDLE_SECONDS s: $execs; clone calls: $threads   (target: 0)"

echo "-- (b) a crashed app to RUNTIME_ERROR, $ROUNDS rounds --"
for r in $(seq 1 "$ROUNDS"); do
  name=s$r
  pid=$("$BERTH" ps --filter "label=berth.space=bench/$name" --format '{{.ID}}' | head -1 | xargs "$BERTH" inspect -f '{{.State.Pid}}')
  t0=$(date +%s.%N)
  kill -9 "$pid"
  for _ in $(seq 500); do [[ $(stage "$name") == RUNTIME_ERROR ]] && break; sleep 0.01; done
  t1=$(date +%s.%N)
  [[ $(stage "$name") == RUNTIME_ERROR ]] || { echo "$name is $(stage "$name") after 5 s" >&2; exit 1; }
  echo "round $r: RUNTIME_ERROR after $(echo "($t1 - $t0) * 1000 / 1" | bc) ms   (target: < 1000 ms)"
done
echo "load while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
