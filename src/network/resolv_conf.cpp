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

std::string override_resolv_conf(const std::string& base, const DnsOverrides& overrides) {
  std::vector<std::string> servers, search, options;
  std::istringstream in(base);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, word;
    words >> key;
    std::vector<std::string> values;
    while (words >> word) values.push_back(word);
    // As Docker reads it: every nameserver line counts; the last search and options lines win.
    if (key == "nameserver" && !values.empty()) servers.push_back(values.front());
    if (key == "search") search = values;
    if (key == "options") options = values;
  }
  if (!overrides.servers.empty()) servers = overrides.servers;
  if (!overrides.search.empty()) search = overrides.search;
  if (!overrides.options.empty()) options = overrides.options;
  std::string out;
  if (!search.empty() && !(search.size() == 1 && search.front() == ".")) {
    out += "search";
    for (const auto& d : search) out += " " + d;
    out += "\n";
  }
  for (const auto& s : servers) out += "nameserver " + s + "\n";
  if (!options.empty()) {
    out += "options";
    for (const auto& o : options) out += " " + o;
    out += "\n";
  }
  return out;
}

}  // namespace berth::network
