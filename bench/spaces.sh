#!/usr/bin/env bash
# Spaces: (a) push-to-serving for the demo Space (examples/spaces/hello-fastapi) on a warm
# Debian base image: the first push, a second Space with the same files (build cache warm), and
# a code-only change; (b) the proxy's throughput (32 connections) and the p99 latency it adds
# (1 connection, and saturated) against nginx proxying the same upstream (nginx serving a
# 1 KiB page inside a Space), wrk, same run, plus the upstream direct for the added latency;
# (c) `berth serve` RSS with 100 Spaces defined and 10 running.
# Needs root and the base image cache (scripts/base-image makes it). Not a test.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$SOURCE_DIR/build/bin/berth}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d /tmp/berth-bench-spaces-XXXXXX)
export BERTH_ROOT=$WORK/berth GIT_CONFIG_NOSYSTEM=1 HOME=$WORK/home
mkdir -p "$HOME"
git config --global user.name bench && git config --global user.email bench@localhost
SERVER_PID= NGINX_PID=
run_dir_before=$([[ -e /run/berth ]] && echo yes || true)
cleanup() {
  # Each step may fail (the process is gone already) without skipping the ones after it.
  [[ -z $NGINX_PID ]] || kill "$NGINX_PID" 2>/dev/null || true
  [[ -z $SERVER_PID ]] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  "$BERTH" system reset -f >/dev/null 2>&1 || true
  [[ -n $run_dir_before ]] || rm -rf /run/berth
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=18400
API=http://127.0.0.1:$PORT

BERTH=$BERTH "$SOURCE_DIR/scripts/base-image" >/dev/null
"$SOURCE_DIR/scripts/make-busybox-rootfs" "$WORK/busybox.tar"
"$BERTH" import -c 'CMD ["/bin/sh"]' "$WORK/busybox.tar" localhost/busybox:space >/dev/null
"$BERTH" serve --listen 127.0.0.1:$PORT >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$API/api/spaces" >/dev/null 2>&1 && break; sleep 0.1; done
"$BERTH" user create bench >/dev/null
TOKEN=$("$BERTH" token create bench --write)

stage_of() { curl -s "$API/api/spaces/$1/runtime" | jq -r '"\(.stage) \(.errorMessage // "")"'; }
# push_to_serving SPACE DIR: seconds from `git push` to the new commit serving.
push_to_serving() {
  local commit start s
  commit=$(git -C "$2" rev-parse HEAD)
  start=$(date +%s.%N)
  git -C "$2" push -q --force "http://bench:$TOKEN@127.0.0.1:$PORT/spaces/$1.git" HEAD:main
  for _ in $(seq 6000); do
    s=$(curl -s "$API/api/spaces/$1" | jq -r '"\(.sha) \(.runtime.stage)"')
    [[ $s == "$commit RUNNING" ]] && break
    sleep 0.05
  done
  [[ $s == "$commit RUNNING" ]] || { echo "$1 did not serve $commit: $(stage_of "$1")" >&2; exit 1; }
  echo "$(date +%s.%N) - $start" | bc
}
new_space() { curl -fs "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -d "{\"name\":\"$1\",\"type\":\"space\",\"secrets\":[{\"key\":\"DEMO_SECRET\",\"value\":\"x\"}]}" >/dev/null; }
checkout() { rm -rf "$2"; cp -r "$1" "$2"; git -C "$2" init -q -b main; git -C "$2" add -A; git -C "$2" commit -qm init; }

echo "-- (a) push to serving: the demo Space on a warm debian:bookworm-slim --"
new_space hello1
checkout "$SOURCE_DIR/examples/spaces/hello-fastapi" "$WORK/hello"
printf '%-44s %6.2f s\n' "first push (apt layer built)" "$(push_to_serving bench/hello1 "$WORK/hello")"
new_space hello2
printf '%-44s %6.2f s   (target < 5 s)\n' "same files, new Space (build cache warm)" "$(push_to_serving bench/hello2 "$WORK/hello")"
echo "# a code change" >> "$WORK/hello/app.py"; git -C "$WORK/hello" commit -qam code
printf '%-44s %6.2f s   (target < 2 s)\n' "code-only change" "$(push_to_serving bench/hello2 "$WORK/hello")"

echo "-- (b) proxy: wrk -d$DURATION x $ROUNDS rounds, a 1 KiB page from nginx in a Space --"
# The upstream: the host's nginx and its libraries in a busybox image, serving as UID 1000.
rootfs=$WORK/upstream-rootfs
mkdir -p "$rootfs/usr/sbin" "$rootfs/etc/nginx" "$rootfs/www"
cp /usr/sbin/nginx "$rootfs/usr/sbin/"
for lib in $(ldd /usr/sbin/nginx | grep -o '/[^ ]*'); do mkdir -p "$rootfs$(dirname "$lib")"; cp -L "$lib" "$rootfs$lib"; done
head -c 1024 /dev/zero | tr '\0' x > "$rootfs/www/index.html"
cat > "$rootfs/etc/nginx/upstream.conf" <<'CONF'
daemon off; worker_processes 1; pid /tmp/nginx.pid; error_log stderr;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path /tmp; proxy_temp_path /tmp; fastcgi_temp_path /tmp;
  uwsgi_temp_path /tmp; scgi_temp_path /tmp; keepalive_requests 100000;
  server { listen 7860; root /www; } }
CONF
mkdir -p "$WORK/nginx-space"
tar -C "$rootfs" -cf "$WORK/nginx-space/rootfs.tar" .
cat > "$WORK/nginx-space/Dockerfile" <<'DF'
FROM localhost/busybox:space
ADD rootfs.tar /
CMD ["/usr/sbin/nginx", "-c", "/etc/nginx/upstream.conf", "-e", "stderr"]
DF
printf -- '---\nsdk: docker\napp_port: 7860\n---\n' > "$WORK/nginx-space/README.md"
git -C "$WORK/nginx-space" init -q -b main; git -C "$WORK/nginx-space" add -A; git -C "$WORK/nginx-space" commit -qm nginx
curl -fs "$API/api/repos/create" -H "Authorization: Bearer $TOKEN" -d '{"name":"upstream","type":"space"}' >/dev/null
push_to_serving bench/upstream "$WORK/nginx-space" >/dev/null
container=$("$BERTH" space info bench/upstream | jq -r .container)
upstream_ip=$("$BERTH" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")
# nginx as the peer proxy, configured as for production: HTTP/1.1 and keep-alive upstream.
cat > "$WORK/nginx-proxy.conf" <<CONF
daemon off; worker_processes 1; pid $WORK/nginx-proxy.pid; error_log stderr;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK;
  uwsgi_temp_path $WORK; scgi_temp_path $WORK;
  upstream space { server $upstream_ip:7860; keepalive 64; }
  server { listen 127.0.0.1:18401; location / { proxy_pass http://space; proxy_http_version 1.1;
    proxy_set_header Connection ""; proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_buffering off; } } }
CONF
nginx -c "$WORK/nginx-proxy.conf" -e stderr 2>"$WORK/nginx.log" &
NGINX_PID=$!
sleep 0.5
# Rounds alternate the three, and each figure is the median of its rounds: on a small machine
# one run can land on a busy moment (a maintenance check, the page cache), for either proxy.
declare -A rps p99 all_rps all_p99
to_ms() { awk '/us$/ {sub("us",""); print $1/1000; next} /ms$/ {sub("ms",""); print $1; next} /s$/ {sub("s",""); print $1*1000}' <<<"$1"; }
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
bench_wrk() {  # bench_wrk CONNECTIONS NAME URL [HOST]
  local out threads=$(( $1 < 2 ? 1 : 2 ))
  out=$(wrk -t "$threads" -c "$1" -d "$DURATION" --latency ${4:+-H "Host: $4"} "$3")
  all_rps[$2]+=" $(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  all_p99[$2]+=" $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
}
# measure CONNECTIONS: ROUNDS rounds of the three, then their medians.
measure() {
  rps=() p99=() all_rps=() all_p99=()
  for _ in $(seq "$ROUNDS"); do
    bench_wrk "$1" direct "http://$upstream_ip:7860/"
    bench_wrk "$1" berth "http://127.0.0.1:$PORT/" "bench-upstream.localhost"
    bench_wrk "$1" nginx "http://127.0.0.1:18401/"
  done
  for name in direct berth nginx; do
    rps[$name]=$(median "${all_rps[$name]}")
    p99[$name]=$(median "${all_p99[$name]}")
    printf '%-8s %10s req/s  p99 %s ms   (rounds: req/s%s; p99 ms%s)\n' "$name" "${rps[$name]}" "${p99[$name]}" "${all_rps[$name]}" "${all_p99[$name]}"
  done
}
added() { echo "berth $(echo "${p99[berth]} - ${p99[direct]}" | bc) ms, nginx $(echo "${p99[nginx]} - ${p99[direct]}" | bc) ms"; }
echo "throughput: $CONNECTIONS connections (wrk, the upstream and the proxy share the machine's CPUs)"
measure "$CONNECTIONS"
echo "berth/nginx req/s: $(echo "scale=2; ${rps[berth]} / ${rps[nginx]}" | bc)   (target >= 0.9)"
echo "p99 added over direct, saturated: $(added)"
# Latency is what the proxy adds to a request, without the queueing of a saturated machine.
echo "latency: 1 connection"
measure 1
echo "p99 added over direct, 1 connection: $(added)   (target < 1 ms)"
kill "$NGINX_PID"; NGINX_PID=

echo "-- (c) berth serve RSS: 100 Spaces defined, 10 running --"
hello_busybox=$WORK/bb-space
mkdir -p "$hello_busybox"
printf -- '---\nsdk: docker\napp_port: 7860\n---\n' > "$hello_busybox/README.md"
printf 'FROM localhost/busybox:space\nCMD ["httpd", "-f", "-p", "7860", "-h", "/var/www"]\n' > "$hello_busybox/Dockerfile"
git -C "$hello_busybox" init -q -b main; git -C "$hello_busybox" add -A; git -C "$hello_busybox" commit -qm bb
for i in $(seq 1 100); do "$BERTH" space create "bench/s$i" >/dev/null; done
for i in $(seq 1 10); do push_to_serving "bench/s$i" "$hello_busybox" >/dev/null; done
for i in $(seq 1 10); do curl -s -o /dev/null --resolve "bench-s$i.localhost:$PORT:127.0.0.1" "http://bench-s$i.localhost:$PORT/"; done
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
echo "berth serve RSS: $((rss_kb / 1024)) MiB ($rss_kb kB) with $("$BERTH" space ls | tail -n +2 | wc -l) Spaces, $(curl -s "$API/api/spaces?limit=200" | jq length) listed   (target < 50 MB)"
