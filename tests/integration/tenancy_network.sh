#!/usr/bin/env bash
# Tenant isolation in the network layer (issue 12, items 8 and 14): a container on a network
# without host access (every Space's) reaches no host service over IPv4 or IPv6, no port the
# host publishes, nothing on the host's loopback (route_localnet), and no link-local or private
# address outside its own subnet; DNS and its own network keep working, and the public
# internet stays open (masquerade). Each attempt also runs from an ordinary network, where it
# succeeds, so the test fails when the filter is gone. The builds' network is as closed.
# Targets: the host's own addresses, the test's containers, and a peer in a
# network namespace the test makes (a veth on 192.168.251.0/30 and 169.254.251.0/30).
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
require_tool nft nftables
require_tool python3
[[ -x /usr/lib/podman/aardvark-dns ]] || skip "needs aardvark-dns (apt-get install aardvark-dns)"
ip -4 route | grep -qE '^(192\.168\.251\.|169\.254\.251\.)' && skip "192.168.251.0/30 or 169.254.251.0/30 is routed here already"
tar=$(busybox_tar)
B=("$BERTH")
"${B[@]}" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
cleanup "'$BERTH' system reset -f >/dev/null 2>&1"

host_ip=$(ip -o -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p')
[[ -n $host_ip ]] || fail "no host address found"
host_v6=$(ip -o -6 addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1)

# One python3 process answering "hello" on 0.0.0.0, [::] (IPv6 only) and 127.0.0.1, each on a
# free port it prints.
cat >"$WORK/listen.py" <<'EOF'
import socket, sys, threading
def serve(family, address, v6only=False):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((address, 0)); s.listen(16)
    def loop():
        while True:
            c, _ = s.accept()
            c.sendall(b"hello\n"); c.close()
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]
ports = [serve(socket.AF_INET, "0.0.0.0")]
ports.append(serve(socket.AF_INET6, "::", True) if socket.has_ipv6 else 0)
ports.append(serve(socket.AF_INET, "127.0.0.1"))
print(*ports, flush=True)
threading.Event().wait()
EOF
coproc LISTENER { exec python3 "$WORK/listen.py"; }
listener_pid=$LISTENER_PID
cleanup "kill $listener_pid 2>/dev/null; wait $listener_pid 2>/dev/null"
read -r p4 p6 plo <&"${LISTENER[0]}"
[[ -n $plo ]] || fail "the host listener printed no ports"

# The "private range" peer: a namespace behind a veth, routed through the host.
peer=berthtp$$
vh=btp$$h
cleanup "ip netns del $peer 2>/dev/null; ip link del $vh 2>/dev/null"
ip netns add "$peer"
ip link add "$vh" type veth peer name eth0 netns "$peer"
ip addr add 192.168.251.1/30 dev "$vh"
ip addr add 169.254.251.1/30 dev "$vh"
ip link set "$vh" up
ip -n "$peer" addr add 192.168.251.2/30 dev eth0
ip -n "$peer" addr add 169.254.251.2/30 dev eth0
ip -n "$peer" link set eth0 up
ip -n "$peer" link set lo up
ip netns exec "$peer" python3 "$WORK/listen.py" >"$WORK/peer-ports" &
peer_pid=$!
cleanup "kill $peer_pid 2>/dev/null; wait $peer_pid 2>/dev/null"
for _ in $(seq 200); do [[ -s $WORK/peer-ports ]] && break; sleep 0.1; done
read -r pp _ <"$WORK/peer-ports"
[[ -n $pp ]] || fail "the peer's listener printed no port"
out=$(timeout 5 busybox nc 192.168.251.2 "$pp" </dev/null 2>&1 || true)
assert_eq "$out" hello "the host reaches the peer"
out=$(timeout 5 busybox nc 127.0.0.1 "$plo" </dev/null 2>&1 || true)
assert_eq "$out" hello "the host reaches its loopback listener"
if [[ $p6 != 0 ]]; then
  out=$(timeout 5 python3 -c "import socket; s=socket.create_connection(('::1', $p6)); print(s.recv(9).decode().strip())" 2>&1 || true)
  assert_eq "$out" hello "the host reaches its [::] listener"
fi

"${B[@]}" network create -o berth.host_access=false closed >/dev/null
"${B[@]}" network create -o berth.host_access=false -o berth.private_egress=true lan >/dev/null
"${B[@]}" network create open >/dev/null
expect_failure 1 "must be true or false" "${B[@]}" network create -o berth.private_egress=yes bad
expect_failure 1 "already exists" "${B[@]}" network create berth-build
# A web server on the default network publishing a port on every host address.
"${B[@]}" run -d --name pub -p 127.0.0.1::80 -p 80 localhost/bb:1 sh -c \
  'mkdir -p /www; echo published > /www/index.html; exec httpd -f -p 80 -h /www' >/dev/null
pub_any=$("${B[@]}" port pub 80/tcp | grep -v '^127\.' | head -1 | sed 's/.*://')
pub_lo=$("${B[@]}" port pub 80/tcp | grep '^127\.' | sed 's/.*://')
[[ -n $pub_any && -n $pub_lo ]] || fail "no published ports: $("${B[@]}" port pub)"
for net in closed lan open berth-build; do
  "${B[@]}" run -d --name "c-$net" --network "$net" localhost/bb:1 sleep 600 >/dev/null
done
"${B[@]}" run -d --name neighbour --network closed localhost/bb:1 sh -c \
  'mkdir -p /www; echo neighbour > /www/index.html; exec httpd -f -p 80 -h /www' >/dev/null
gw() { "${B[@]}" network inspect -f '{{(index .IPAM.Config 0).Gateway}}' "$1"; }
# What one TCP connection from container c-$1 to $2 port $3 answered ("blocked" if nothing).
tcp() {
  local out
  out=$("${B[@]}" exec "c-$1" sh -c "timeout 3 nc $2 $3 </dev/null 2>/dev/null" || true)
  [[ -n $out ]] && echo "$out" || echo blocked
}
http() { "${B[@]}" exec "c-$1" sh -c "timeout 3 wget -q -O- http://$2/ 2>/dev/null || echo blocked"; }

# The host's services: at the gateway and at the host's other address.
for net in closed berth-build; do
  assert_eq "$(tcp "$net" "$(gw "$net")" "$p4")" blocked "$net: host service at its gateway"
  assert_eq "$(tcp "$net" "$host_ip" "$p4")" blocked "$net: host service at $host_ip"
  assert_eq "$(http "$net" "$host_ip:$pub_any")" blocked "$net: a port the host publishes"
done
for net in closed open; do
  assert_eq "$(tcp "$net" 127.0.0.1 "$plo")" blocked "$net: the host's 127.0.0.1 service"
done
assert_eq "$(tcp open "$(gw open)" "$p4")" hello "open: host service at its gateway"
assert_eq "$(tcp open "$host_ip" "$p4")" hello "open: host service at $host_ip"
assert_eq "$(http open "$host_ip:$pub_any")" published "open: a port the host publishes"
pass "no host access: no host service and no published port at any host address (IPv4)"

# IPv6: no address in the containers, none on the bridges, so nothing reaches [::].
for net in closed open; do
  bridge=br-$("${B[@]}" network inspect -f '{{.Id}}' "$net" | cut -c1-12)
  assert_eq "$(cat /proc/sys/net/ipv6/conf/"$bridge"/disable_ipv6)" 1 "IPv6 off on $bridge"
  [[ -z $(ip -6 addr show dev "$bridge") ]] || fail "$bridge has IPv6 addresses: $(ip -6 addr show dev "$bridge")"
  out=$("${B[@]}" exec "c-$net" sh -c 'grep eth0 /proc/net/if_inet6 || true')
  [[ -z $out ]] || fail "$net: eth0 has IPv6 addresses: $out"
  # The bridge's link-local as it would be (EUI-64 of its MAC), with the container's scope.
  mac=$(cat /sys/class/net/"$bridge"/address)
  IFS=: read -r m1 m2 m3 m4 m5 m6 <<<"$mac"
  ll=$(printf 'fe80::%x:%x:%x:%x' $((((0x$m1 ^ 2) << 8) | 0x$m2)) $(((0x$m3 << 8) | 0xff)) \
    $((0xfe00 | 0x$m4)) $(((0x$m5 << 8) | 0x$m6)))
  if [[ $p6 != 0 ]]; then
    assert_eq "$(tcp "$net" "$ll%eth0" "$p6")" blocked "$net: [::] service at the bridge's link-local"
    [[ -n $host_v6 ]] && assert_eq "$(tcp "$net" "$host_v6" "$p6")" blocked "$net: [::] service at $host_v6"
  fi
done
assert_eq "$("${B[@]}" exec c-closed cat /proc/sys/net/ipv6/conf/default/disable_ipv6)" 1 "IPv6 off for new interfaces in the namespace"
pass "IPv6 is off on the bridges and in the containers: no [::] service is reachable"

# route_localnet (on every bridge, for ports published on 127.0.0.1): the firewall's guard
# chain drops whatever a bridge addresses to 127.0.0.0/8 (a container needs CAP_NET_RAW or
# CAP_NET_ADMIN to send it, so it is checked as a rule here, not as traffic).
rules=$(nft list chain ip berth guard)
[[ $rules == *'iifname @bridges ip daddr 127.0.0.0/8 drop'* ]] || fail "no loopback guard: $rules"
pass "no bridge reaches the host's loopback through route_localnet"

# Private and link-local egress: off without host access unless the admin allows it.
for target in 192.168.251.2 169.254.251.2; do
  assert_eq "$(tcp closed $target "$pp")" blocked "closed: private peer $target"
  assert_eq "$(tcp berth-build $target "$pp")" blocked "berth-build: private peer $target"
  assert_eq "$(tcp lan $target "$pp")" hello "lan (private_egress=true): private peer $target"
  assert_eq "$(tcp open $target "$pp")" hello "open: private peer $target"
done
pass "no private or link-local egress without host access, unless the network allows it"

# Its own network still works: DNS by name on the gateway, and the neighbour by name.
out=$("${B[@]}" exec c-closed nslookup neighbour 2>&1)
n_ip=$("${B[@]}" inspect -f '{{.NetworkSettings.Networks.closed.IPAddress}}' neighbour)
[[ $out == *"$n_ip"* ]] || fail "closed: nslookup neighbour: $out"
assert_eq "$(http closed neighbour)" neighbour "closed: the neighbour by name"
out=$("${B[@]}" exec c-berth-build nslookup c-berth-build 2>&1)
b_ip=$("${B[@]}" inspect -f '{{(index .NetworkSettings.Networks "berth-build").IPAddress}}' c-berth-build)
[[ -n $b_ip && $out == *"$b_ip"* ]] || fail "berth-build: DNS on the gateway: $out"
pass "its own subnet and DNS on the gateway keep working"

# The public internet stays open: the rule that reaches it (masquerade) is still there, and a
# public address is not among the dropped ranges (traffic is not sent there: no target outside).
rules=$(nft list table ip berth)
[[ $rules == *"ip saddr @nat_sources oifname != @bridges masquerade"* ]] || fail "masquerade rule missing: $rules"
pass "masquerade to the outside is kept"
