#include "network/host_routes.hpp"

#include <sstream>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::network {
namespace {

// /proc/net/route prints addresses as the host-order hex of the network-order value.
uint32_t from_proc_hex(const std::string& hex) {
  uint32_t raw = static_cast<uint32_t>(std::stoul(hex, nullptr, 16));
  return ((raw & 0xff) << 24) | ((raw & 0xff00) << 8) | ((raw >> 8) & 0xff00) | (raw >> 24);
}

int prefix_of(uint32_t mask) {
  int bits = 0;
  while (mask & 0x80000000u) {
    ++bits;
    mask <<= 1;
  }
  return bits;
}

}  // namespace

std::vector<Ipv4Subnet> parse_proc_net_route(const std::string& text) {
  std::vector<Ipv4Subnet> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string iface, destination, gateway, flags, refcnt, use, metric, mask;
    if (!(fields >> iface >> destination >> gateway >> flags >> refcnt >> use >> metric >> mask)) {
      continue;
    }
    uint32_t dest = from_proc_hex(destination);
    uint32_t netmask = from_proc_hex(mask);
    if (netmask == 0) continue;  // the default route covers everything; it is not a conflict
    out.push_back(Ipv4Subnet::parse(Ipv4Address(dest).to_string() + "/" +
                                    std::to_string(prefix_of(netmask))));
  }
  return out;
}

std::vector<Ipv4Subnet> host_route_subnets() {
  return parse_proc_net_route(read_file("/proc/net/route"));
}

}  // namespace berth::network
