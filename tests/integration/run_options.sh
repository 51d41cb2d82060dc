#!/usr/bin/env bash
# The HostConfig options compose files use, end to end with runc: --cap-add/--cap-drop (the
# effective set seen in /proc), --ulimit (ulimit inside), --add-host (/etc/hosts, host-gateway),
# --dns/--dns-search/--dns-option (resolv.conf), --shm-size (df /dev/shm), what inspect shows,
# and Docker's errors for bad values.
source "$(dirname "$0")/lib.bash"
require_root
require_tool runc
tar=$(busybox_tar)
B=("$BERTH")
"${B[@]}" import -c 'CMD ["/bin/sh"]' "$tar" localhost/bb:1 >/dev/null
remove_containers_at_exit
run=("${B[@]}" run --rm --network none localhost/bb:1)
none=("${B[@]}" run --rm --network none)

cap_eff() { "${none[@]}" "$@" localhost/bb:1 sh -c 'grep CapEff /proc/self/status' | awk '{print $2}'; }
assert_eq "$(cap_eff --cap-drop ALL)" "0000000000000000" "--cap-drop ALL empties CapEff"
# CAP_NET_ADMIN is bit 12.
assert_eq "$(cap_eff --cap-drop ALL --cap-add net_admin)" "0000000000001000" "only NET_ADMIN"
eff=$(cap_eff --cap-add NET_ADMIN)
assert_eq "$(( (0x$eff >> 12) & 1 ))" "1" "--cap-add NET_ADMIN joins the defaults ($eff)"
default=$(cap_eff)
assert_eq "$(( (0x$default >> 12) & 1 ))" "0" "NET_ADMIN is not a default ($default)"
# CAP_CHOWN is bit 0: dropping it refuses chown.
assert_eq "$(( 0x$(cap_eff --cap-drop chown) & 1 ))" "0" "--cap-drop chown"
out=$("${none[@]}" --cap-drop CHOWN localhost/bb:1 sh -c 'touch /f; chown 1000 /f 2>&1 || echo refused')
[[ $out == *refused* ]] || fail "chown without CAP_CHOWN: $out"
# With NET_ADMIN the container can change its own interfaces.
assert_eq "$("${none[@]}" --cap-add NET_ADMIN localhost/bb:1 sh -c 'ip link set lo down && echo done')" "done" "NET_ADMIN usable"
pass "capabilities: drop ALL, add, drop one"

assert_eq "$("${none[@]}" --ulimit nofile=123:456 localhost/bb:1 sh -c 'ulimit -n; ulimit -Hn')" "$(printf '123\n456')" "--ulimit nofile"
assert_eq "$("${none[@]}" --ulimit nproc=77 localhost/bb:1 sh -c 'ulimit -u')" "77" "--ulimit nproc"
pass "ulimits"

hosts=$("${none[@]}" --add-host db:10.1.2.3 --add-host v6=[2001:db8::1] localhost/bb:1 cat /etc/hosts)
[[ $hosts == *$'10.1.2.3\tdb'* ]] || fail "--add-host db: $hosts"
[[ $hosts == *$'2001:db8::1\tv6'* ]] || fail "--add-host v6: $hosts"
resolv=$("${none[@]}" --dns 192.0.2.53 --dns-search example.com --dns-option ndots:2 localhost/bb:1 cat /etc/resolv.conf)
assert_eq "$resolv" "$(printf 'search example.com\nnameserver 192.0.2.53\noptions ndots:2')" "resolv.conf"
pass "extra hosts, dns"

assert_eq "$("${none[@]}" --shm-size 8m localhost/bb:1 sh -c "df -k /dev/shm | awk 'NR==2{print \$2}'")" "8192" "--shm-size 8m"
assert_eq "$("${run[@]}" sh -c "df -k /dev/shm | awk 'NR==2{print \$2}'")" "65536" "default /dev/shm 64 MiB"
pass "shm size"

"${B[@]}" create --name opts --network none --cap-add net_admin --cap-drop chown --ulimit nofile=123:456 \
  --add-host db:10.1.2.3 --dns 192.0.2.53 --dns-search example.com --dns-option ndots:2 \
  --shm-size 8m localhost/bb:1 true >/dev/null
hc() { "${B[@]}" inspect -f "{{json .HostConfig.$1}}" opts; }
assert_eq "$(hc CapAdd)" '["net_admin"]' "inspect CapAdd"
assert_eq "$(hc CapDrop)" '["chown"]' "inspect CapDrop"
assert_eq "$("${B[@]}" inspect -f '{{range .HostConfig.Ulimits}}{{.Name}}={{.Soft}}:{{.Hard}}{{end}}' opts)" "nofile=123:456" "inspect Ulimits"
assert_eq "$(hc ExtraHosts)" '["db:10.1.2.3"]' "inspect ExtraHosts"
assert_eq "$(hc Dns)" '["192.0.2.53"]' "inspect Dns"
assert_eq "$(hc DnsSearch)" '["example.com"]' "inspect DnsSearch"
assert_eq "$(hc DnsOptions)" '["ndots:2"]' "inspect DnsOptions"
assert_eq "$(hc ShmSize)" "8388608" "inspect ShmSize"
"${B[@]}" rm opts >/dev/null
pass "inspect shows the HostConfig fields"

expect_failure 125 'invalid CapAdd: unknown capability: "CAP_FOO"' "${none[@]}" --cap-add foo localhost/bb:1 true
expect_failure 125 'invalid argument "nofile=x" for "--ulimit" flag' "${none[@]}" --ulimit nofile=x localhost/bb:1 true
expect_failure 125 'invalid ulimit type: files' "${none[@]}" --ulimit files=1 localhost/bb:1 true
expect_failure 125 'bad format for add-host: "db"' "${none[@]}" --add-host db localhost/bb:1 true
expect_failure 125 'IP address is not correctly formatted: dns.google' "${none[@]}" --dns dns.google localhost/bb:1 true
expect_failure 125 'conflicting options: dns and the network mode' "${B[@]}" run --rm --network container:other --dns 192.0.2.53 localhost/bb:1 true
[[ -z $("${B[@]}" ps -aq) ]] || fail "failed runs left containers: $("${B[@]}" ps -a)"
pass "bad values: Docker's messages, exit 125, nothing left"

# host-gateway: the default network's gateway, which needs the bridge network stack.
if command -v nft >/dev/null && [[ -x /usr/lib/podman/aardvark-dns ]]; then
  gateway=$("${B[@]}" network inspect -f '{{(index .IPAM.Config 0).Gateway}}' berth)
  hosts=$("${B[@]}" run --rm --add-host gw:host-gateway localhost/bb:1 cat /etc/hosts)
  [[ $hosts == *"$gateway"$'\tgw'* ]] || fail "host-gateway is not $gateway: $hosts"
  pass "host-gateway is the default network's gateway ($gateway)"
else
  echo "note: host-gateway not checked (needs nftables and aardvark-dns)"
fi
