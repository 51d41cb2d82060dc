#pragma once
// The IPv4 destinations the host already routes (from /proc/net/route): a new network's
// subnet must not overlap them, or the host would lose its way to that address range.
#include <string>
#include <vector>

#include "network/ipv4.hpp"

namespace berth::network {

// Every route but the default one; other Berth roots' bridges included, so that two roots
// on one host never pick the same subnet.
std::vector<Ipv4Subnet> host_route_subnets();
// Parses /proc/net/route's text; exposed for tests.
std::vector<Ipv4Subnet> parse_proc_net_route(const std::string& text);

}  // namespace berth::network
