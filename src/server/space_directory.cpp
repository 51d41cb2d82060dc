#include "server/space_directory.hpp"

#include <algorithm>
#include <cctype>

#include "spaces/hub_names.hpp"

namespace berth::server {

using spaces::lowercase;

std::string host_without_port(std::string_view host) {
  // "[::1]:8080" keeps its brackets; "name:8080" loses the port.
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return lowercase(host);
}

SpaceDirectory::SpaceDirectory(std::string domain) : domain_(lowercase(domain)) {}

std::string SpaceDirectory::label_of(std::string_view owner, std::string_view name) {
  return lowercase(std::string(owner) + "-" + std::string(name));
}

void SpaceDirectory::replace_all(const std::vector<spaces::SpaceRecord>& spaces) {
  std::map<std::string, SpaceEntry> by_label;
  // SpaceStore lists by id; the earliest created keeps a shared label.
  auto ordered = spaces;
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.created < b.created; });
  for (const auto& s : ordered) {
    by_label.emplace(label_of(s.owner, s.name), SpaceEntry{s.id, s.owner, s.is_private});
  }
  std::lock_guard lock(mutex_);
  by_label_ = std::move(by_label);
}

bool SpaceDirectory::is_server_host(std::string_view host) const {
  // Anything that is not a subdomain of the Spaces domain: the domain itself, an IP, a name.
  return !host_without_port(host).ends_with("." + domain_);
}

std::optional<SpaceEntry> SpaceDirectory::find_by_host(std::string_view host) const {
  auto h = host_without_port(host);
  auto suffix = "." + domain_;
  if (!h.ends_with(suffix)) return std::nullopt;
  auto label = h.substr(0, h.size() - suffix.size());
  if (label.find('.') != std::string::npos) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = by_label_.find(label);
  if (it == by_label_.end()) return std::nullopt;
  return it->second;
}

}  // namespace berth::server
