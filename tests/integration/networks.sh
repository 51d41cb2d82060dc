#!/usr/bin/env bash
# Bridge networks end to end: the default network, user networks with DNS by name and alias,
# isolation, --internal, published TCP/UDP ports (-p, ranges, -P, port), conflicts, connect/
# disconnect, teardown after stop/rm/kill, and that 30 containers and `system reset` leave the
# host's links, addresses, nft ruleset and netns list exactly as before. Traffic goes only to
# loopback, the host's own address and the test's containers.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
require_tool nft nftables
[[ -x /usr/lib/podman/aardvark-dns ]] || skip "needs aardvark-dns (apt-get install aardvark-dns)"
tar=$(busybox_tar)
B=("$BERTH")
"${B[@]}" import -c 'CMD ["/bin/sh"]' -c 'EXPOSE 80' "$tar" localhost/bb:1 >/dev/null
cleanup "'$BERTH' system reset -f >/dev/null 2>&1"
remove_containers_at_exit

host_state() {
  ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort
  ip -o -4 addr show | awk '{print $2, $4}' | sort
  ip netns list 2>/dev/null | sort
  nft list ruleset 2>/dev/null | grep -v 'packets\|bytes' || true
  ls /run/berth/netns 2>/dev/null || true
}
# The kernel deletes a removed namespace's veths asynchronously (Berth does not wait for it;
# see docs/architecture.md): give it up to 5 s to match before comparing.
settled_host_state() {
  local state
  for _ in $(seq 50); do
    state=$(host_state)
    [[ $state == "$1" ]] && break
    sleep 0.1
  done
  echo "$state"
}
before=$(host_state)
host_ip=$(ip -o -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p')
[[ -n $host_ip ]] || fail "no host address found"
# Busybox httpd answering /index.html with the container's hostname.
httpd='hostname > /www/index.html 2>/dev/null || { mkdir -p /www; hostname > /www/index.html; }; exec httpd -f -p 80 -h /www'
fetch() { timeout 5 busybox wget -q -O- "$1" 2>/dev/null || true; }

# The default network: an address from its subnet, the default route, /etc/hosts and a
# resolv.conf without loopback servers.
subnet=$("${B[@]}" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' berth)
[[ $subnet =~ ^10\.[0-9.]+/[0-9]+$ ]] || fail "default subnet: $subnet"
out=$("${B[@]}" run --rm --hostname web localhost/bb:1 sh -c 'ip -4 -o addr show eth0; ip route; cat /etc/hosts; cat /etc/resolv.conf')
ip=$(echo "$out" | sed -n 's/.*inet \([0-9.]*\)\/.*/\1/p' | head -1)
[[ -n $ip ]] || fail "no eth0 address: $out"
[[ $out == *"default via "* ]] || fail "no default route: $out"
[[ $out == *"$ip	web"* ]] || fail "/etc/hosts lacks '$ip web': $out"
[[ $out != *"nameserver 127."* ]] || fail "loopback nameserver in resolv.conf: $out"
assert_eq "$("${B[@]}" network ls --format '{{.Name}} {{.Driver}}')" "berth bridge" "network ls"
pass "default network: address, route, hosts, resolv.conf"

# User networks: DNS by name and alias, --ip, isolation from other networks, --internal.
"${B[@]}" network create --subnet 10.123.0.0/24 --label purpose=test net1 >/dev/null
expect_failure 1 "network with name net1 already exists" "${B[@]}" network create net1
expect_failure 1 "Pool overlaps" "${B[@]}" network create --subnet 10.123.0.128/25 overlap
"${B[@]}" network create net2 >/dev/null
"${B[@]}" network create --internal inside >/dev/null
"${B[@]}" run -d --name app --network net1 --network-alias alpha --ip 10.123.0.50 localhost/bb:1 sh -c "$httpd" >/dev/null
assert_eq "$("${B[@]}" inspect -f '{{.NetworkSettings.Networks.net1.IPAddress}}' app)" "10.123.0.50" "--ip"
for name in app alpha; do
  assert_eq "$("${B[@]}" run --rm --network net1 localhost/bb:1 wget -q -O- "http://$name/")" "$("${B[@]}" inspect -f '{{.Config.Hostname}}' app)" "reach app as $name"
done
out=$("${B[@]}" run --rm --network net1 localhost/bb:1 nslookup app 2>&1)
[[ $out == *10.123.0.50* ]] || fail "nslookup app: $out"
out=$("${B[@]}" run --rm --network net2 localhost/bb:1 sh -c 'timeout 3 wget -q -O- http://10.123.0.50/ 2>/dev/null || echo blocked')
assert_eq "$out" "blocked" "net2 reaches net1"
"${B[@]}" run -d --name dflt --network berth localhost/bb:1 sh -c "$httpd" >/dev/null
d_ip=$("${B[@]}" inspect -f '{{.NetworkSettings.IPAddress}}' dflt)
out=$("${B[@]}" run --rm --network inside localhost/bb:1 sh -c "timeout 3 wget -q -O- http://$d_ip/ 2>/dev/null || echo blocked")
assert_eq "$out" "blocked" "internal network reaches the default one"
expect_failure 1 "has active endpoints" "${B[@]}" network rm net1
assert_eq "$("${B[@]}" network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' net1)" "app 10.123.0.50/24" "network inspect containers"
pass "user networks: names, aliases, --ip, isolation, --internal"

# The other modes: none (lo only), host (the host's interfaces), container:NAME (its namespace).
assert_eq "$("${B[@]}" run --rm --network none localhost/bb:1 sh -c 'ls /sys/class/net | tr "\n" " "')" "lo " "--network none"
# Output is captured before matching: `| grep -q` may close the pipe on berth mid-write.
out=$("${B[@]}" run --rm --network host localhost/bb:1 ip -o -4 addr show)
[[ $out == *" $host_ip/"* ]] || fail "--network host lacks $host_ip: $out"
assert_eq "$("${B[@]}" run --rm --network container:app localhost/bb:1 wget -q -O- http://127.0.0.1/)" "$("${B[@]}" inspect -f '{{.Config.Hostname}}' app)" "--network container:app"
expect_failure 125 "network nosuch not found" "${B[@]}" run --rm --network nosuch localhost/bb:1 true
pass "--network none, host, container:NAME; unknown networks"

# Builds: RUN steps get their own namespace on the default network (and reach a container
# there); RUN --network=none has no interface but lo.
mkdir -p "$WORK/ctx"
cat > "$WORK/ctx/Dockerfile" <<DOCKERFILE
FROM localhost/bb:1
RUN ip -o -4 addr show eth0 | grep -o 'inet [0-9.]*' > /eth0 && wget -q -O /fetched http://$d_ip/
RUN --network=none sh -c '! ip link show eth0 2>/dev/null'
DOCKERFILE
"${B[@]}" build -q -t localhost/netbuild "$WORK/ctx" >/dev/null
out=$("${B[@]}" run --rm localhost/netbuild sh -c 'cat /eth0 /fetched')
[[ $out == "inet 10."*$'\n'"$("${B[@]}" inspect -f '{{.Config.Hostname}}' dflt)" ]] || fail "RUN on the bridge: $out"
[[ -z $(ls /run/berth/netns 2>/dev/null) || $(ls /run/berth/netns | wc -l) -eq 2 ]] || fail "build steps left namespaces: $(ls /run/berth/netns)"
pass "RUN steps on the default bridge, RUN --network=none"

# connect / disconnect a running container.
"${B[@]}" network connect --alias delta net1 dflt
assert_eq "$("${B[@]}" run --rm --network net1 localhost/bb:1 wget -q -O- http://delta/)" "$("${B[@]}" inspect -f '{{.Config.Hostname}}' dflt)" "connect"
"${B[@]}" network disconnect net1 dflt
out=$("${B[@]}" run --rm --network net1 localhost/bb:1 sh -c 'timeout 3 wget -q -O- http://delta/ 2>/dev/null || echo gone')
assert_eq "$out" "gone" "disconnect"
pass "network connect and disconnect"

# Published ports: TCP from 127.0.0.1 and the host's address, UDP, ranges, -P and `port`.
cc -static -O2 -o "$WORK/udp_echo" "$SOURCE_DIR/tests/integration/tools/udp_echo.c"
"${B[@]}" run -d --name web -p 18080:80 -p 127.0.0.1:18081:80 -p 18082:82/udp -v "$WORK/udp_echo:/udp_echo:ro" localhost/bb:1 sh -c "/udp_echo 82 & $httpd" >/dev/null
want=$("${B[@]}" inspect -f '{{.Config.Hostname}}' web)
assert_eq "$(fetch http://127.0.0.1:18080/)" "$want" "published port via 127.0.0.1"
assert_eq "$(fetch "http://$host_ip:18080/")" "$want" "published port via $host_ip"
assert_eq "$(fetch http://127.0.0.1:18081/)" "$want" "port on 127.0.0.1 only"
udp_reply=$(python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.5)
for _ in range(10):
    s.sendto(b"datagram", (sys.argv[1], 18082))
    try: print(s.recv(100).decode()); break
    except socket.timeout: pass' "$host_ip")
assert_eq "$udp_reply" "datagram" "published UDP port"
assert_eq "$("${B[@]}" port web | sort | tr '\n' ' ')" "80/tcp -> 0.0.0.0:18080 80/tcp -> 127.0.0.1:18081 82/udp -> 0.0.0.0:18082 " "port"
assert_eq "$("${B[@]}" port web 80/tcp | head -1)" "0.0.0.0:18080" "port 80/tcp"
out=$("${B[@]}" ps --format '{{.Ports}}' --filter name=web)
[[ $out == *'0.0.0.0:18080->80/tcp'* ]] || fail "ps ports: $out"
"${B[@]}" run -d --name ranged -p 18090-18091:80-81 localhost/bb:1 sleep 1000 >/dev/null
assert_eq "$("${B[@]}" port ranged | sort | tr '\n' ' ')" "80/tcp -> 0.0.0.0:18090 81/tcp -> 0.0.0.0:18091 " "port range"
"${B[@]}" run -d --name all -P localhost/bb:1 sh -c "$httpd" >/dev/null
random=$("${B[@]}" port all 80 | head -1 | cut -d: -f2)
[[ $random =~ ^[0-9]+$ ]] || fail "-P port: $("${B[@]}" port all)"
assert_eq "$(fetch "http://127.0.0.1:$random/")" "$("${B[@]}" inspect -f '{{.Config.Hostname}}' all)" "-P"
pass "published TCP and UDP ports, ranges, -P, port, ps"

# Conflicts: taken by a container or by a host process; nothing half-made is left.
expect_failure 125 "port is already allocated" "${B[@]}" run -d --name clash -p 18080:80 localhost/bb:1 sleep 10
python3 -m http.server 18099 --bind 127.0.0.1 >/dev/null 2>&1 & holder=$!
cleanup "kill $holder 2>/dev/null"
for _ in $(seq 50); do [[ -n $(fetch http://127.0.0.1:18099/) ]] && break; sleep 0.1; done
expect_failure 125 "address already in use" "${B[@]}" run -d --name clash2 -p 127.0.0.1:18099:80 localhost/bb:1 sleep 10
kill $holder
expect_failure 125 "invalid containerPort" "${B[@]}" run --rm -p 80:http localhost/bb:1 true
for c in clash clash2; do
  [[ $("${B[@]}" inspect -f '{{.State.Status}}' $c) != running ]] || fail "$c runs"
  "${B[@]}" rm -f $c >/dev/null 2>&1 || true
done
pass "port conflicts: clear errors, nothing left"

# Teardown: stop frees the port, rm/kill leave no namespace; a stopped container starts again.
"${B[@]}" stop -t 1 web >/dev/null
python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0", 18080))' || fail "18080 still taken after stop"
[[ -z $(fetch http://127.0.0.1:18080/) ]] || fail "18080 still forwarded after stop"
"${B[@]}" start web >/dev/null
for _ in $(seq 50); do [[ -n $(fetch http://127.0.0.1:18080/) ]] && break; sleep 0.1; done
assert_eq "$(fetch http://127.0.0.1:18080/)" "$want" "restarted container serves again"
kill -9 "$("${B[@]}" inspect -f '{{.State.Pid}}' web)"
"${B[@]}" wait web >/dev/null || true
for _ in $(seq 50); do [[ ! -e /run/berth/netns/$("${B[@]}" inspect -f '{{.Id}}' web) ]] && break; sleep 0.1; done
[[ ! -e /run/berth/netns/$("${B[@]}" inspect -f '{{.Id}}' web) ]] || fail "killed container kept its netns"
"${B[@]}" rm -f web ranged all app dflt >/dev/null
# A killed CLI: the container finishes alone and its exit command releases the network.
"${B[@]}" run --rm --name orphan -p 18095:80 localhost/bb:1 sleep 1 >/dev/null 2>&1 & cli=$!
for _ in $(seq 50); do [[ $("${B[@]}" inspect -f '{{.State.Status}}' orphan 2>/dev/null) == running ]] && break; sleep 0.1; done
{ kill -9 $cli; wait $cli; } 2>/dev/null || true
for _ in $(seq 100); do "${B[@]}" inspect orphan >/dev/null 2>&1 || break; sleep 0.1; done
"${B[@]}" inspect orphan >/dev/null 2>&1 && fail "the orphaned --rm container was not removed"
python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0", 18095))' || fail "18095 taken after the orphan ended"
# A crash (shim and container killed, as a reboot would): the next read releases all of it.
id=$("${B[@]}" run -d -p 18096:80 localhost/bb:1 sleep 1000)
kill -9 "$("${B[@]}" inspect -f '{{.State.Pid}}' "$id")" "$(pgrep -f "berth-shim --id $id")"
assert_eq "$("${B[@]}" inspect -f '{{.State.Status}}' "$id")" "exited" "state after a crash"
[[ ! -e /run/berth/netns/$id ]] || fail "a crashed container kept its netns"
again=$("${B[@]}" run -d -p 18096:80 localhost/bb:1 sleep 1000) || fail "a crashed container kept its port"
"${B[@]}" rm -f "$id" "$again" >/dev/null
pass "teardown after stop, kill, rm, a killed CLI and a crash"

# 30 containers on one network leave the host as it was.
mid=$(host_state)
for i in $(seq 30); do "${B[@]}" run -d --network net1 --name n$i localhost/bb:1 sleep 1000 >/dev/null; done
assert_eq "$("${B[@]}" network inspect -f '{{len .Containers}}' net1)" "30" "30 attached"
"${B[@]}" rm -f $(seq -f 'n%g' 30) >/dev/null
assert_eq "$(settled_host_state "$mid")" "$mid" "host state after 30 containers"
pass "30 containers started and removed leave links, addresses, nft and netns as they were"

assert_eq "$("${B[@]}" network prune -f | tr '\n' ' ')" "Deleted Networks: inside net1 net2 " "network prune"
"${B[@]}" system reset -f
assert_eq "$(settled_host_state "$before")" "$before" "host state after system reset"
pass "system reset removes everything Berth made"
