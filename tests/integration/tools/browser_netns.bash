# A network namespace of its own for a browser on the machine that runs the Spaces (source it;
# needs root and iproute2). Chromium aborts its requests in flight with net::ERR_NETWORK_CHANGED
# when an interface appears on its host, and each deploy adds a container's veth: in a
# namespace of its own, joined to the host by a veth pair, it sees none of them.
#
#   browser_netns CHROMIUM DIR   makes the namespace and DIR/chromium, a wrapper that runs
#                                CHROMIUM in it (launch it with puppeteer's pipe: true); sets
#                                BROWSER_NETNS and BROWSER_HOST_IP, the host's end of the pair,
#                                where the browser reaches the server (listening on 0.0.0.0).
#                                The caller removes it: ip netns del "$BROWSER_NETNS".
browser_netns() {
  local chromium=$1 dir=$2 base=$(( ($$ % 63) * 4 ))
  BROWSER_NETNS=berth-browser-$$
  BROWSER_HOST_IP=10.231.77.$((base + 1))
  local inner=10.231.77.$((base + 2)) host_if=bb$$h inner_if=bb$$n
  ip netns add "$BROWSER_NETNS" || return 1
  ip link add "$host_if" type veth peer name "$inner_if" netns "$BROWSER_NETNS" &&
    ip addr add "$BROWSER_HOST_IP/30" dev "$host_if" && ip link set "$host_if" up &&
    ip -n "$BROWSER_NETNS" addr add "$inner/30" dev "$inner_if" &&
    ip -n "$BROWSER_NETNS" link set "$inner_if" up && ip -n "$BROWSER_NETNS" link set lo up || return 1
  mkdir -p "$dir"
  printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$BROWSER_NETNS" "$chromium" >"$dir/chromium"
  chmod +x "$dir/chromium"
}
