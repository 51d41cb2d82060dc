#include "network/resolv_conf.hpp"

#include <sstream>

namespace berth::network {

std::string container_resolv_conf(const ContainerNetworking* networking,
                                  const std::string& host_resolv) {
  if (!networking || networking->attachments.empty()) return host_resolv;
  std::string out;
  if (!networking->dns_servers.empty()) {
    out += "search";
    for (const auto& d : networking->search_domains) out += " " + d;
    out += "\n";
    for (const auto& s : networking->dns_servers) out += "nameserver " + s + "\n";
    return out;
  }
  std::istringstream in(host_resolv);
  std::string line;
  bool any_server = false;
  while (std::getline(in, line)) {
    if (line.rfind("nameserver", 0) == 0) {
      auto start = line.find_first_not_of(" \t", 10);
      std::string server = start == std::string::npos ? "" : line.substr(start);
      if (server.rfind("127.", 0) == 0 || server == "::1") continue;
      any_server = true;
    }
    out += line + "\n";
  }
  if (!any_server) out += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
  return out;
}

}  // namespace berth::network
