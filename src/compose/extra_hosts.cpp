#include "compose/extra_hosts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compose/compose_error.hpp"
#include "compose/value_reader.hpp"

namespace berth::compose {

void extra_hosts_mapping_to_list(Node& n, const std::string& path) {
  if (!n.is_mapping()) return;
  std::vector<std::string> entries;
  for (const auto& e : n.entries) {
    if (e.value.tag == "!reset") continue;  // the list form has no key to reset by
    std::string p = child_path(path, e.key);
    if (e.value.is_null()) {
      entries.push_back(e.key);
    } else if (e.value.is_sequence()) {
      for (size_t i = 0; i < e.value.items.size(); ++i) {
        entries.push_back(e.key + "=" + read_string(e.value.items[i], item_path(p, i)));
      }
    } else {
      entries.push_back(e.key + "=" + read_string(e.value, p));
    }
  }
  std::sort(entries.begin(), entries.end());
  Node list = Node::make_sequence(n.file, n.line);
  for (auto& entry : entries) {
    Node item = Node::make_scalar(std::move(entry), n.file, n.line);
    item.quoted = true;
    list.items.push_back(std::move(item));
  }
  list.tag = n.tag;  // !override and !reset stay on the value
  n = std::move(list);
}

std::vector<std::string> read_extra_hosts(const Node& n, const std::string& path) {
  Node list = n;
  extra_hosts_mapping_to_list(list, path);
  if (!list.is_sequence()) fail_at(n, path, fmt::format("expected a list, got {}", kind_name(n)));
  std::vector<std::string> out;
  for (size_t i = 0; i < list.items.size(); ++i) {
    std::string p = item_path(path, i);
    std::string entry = read_string(list.items[i], p);
    size_t sep = entry.find('=');
    if (sep == std::string::npos) sep = entry.find(':');
    if (sep == std::string::npos) {
      fail_at(list.items[i], p, fmt::format("invalid additional host, missing IP: {}", entry));
    }
    std::string host = entry.substr(0, sep);
    if (host.empty() || host.find_first_of(":=") != std::string::npos) {
      fail_at(list.items[i], p, fmt::format("bad host name '{}'", host));
    }
    std::string ips = entry.substr(sep + 1);
    size_t start = 0;
    while (true) {
      size_t comma = ips.find(',', start);
      std::string ip = ips.substr(start, comma == std::string::npos ? comma : comma - start);
      if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
      out.push_back(host + "=" + ip);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace berth::compose
