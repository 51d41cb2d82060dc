#include "server/space_directory.hpp"

#include <cctype>

#include "server/http/host_name.hpp"
#include "spaces/hub_names.hpp"

namespace berth::server {

using spaces::lowercase;

SpaceDirectory::SpaceDirectory(std::string domain) : domain_(lowercase(domain)) {}

void SpaceDirectory::replace_all(const std::vector<spaces::SpaceRecord>& spaces) {
  std::map<std::string, SpaceEntry> by_label;
  // Labels are unique (SpaceStore chooses each at creation), so no Space shadows another.
  for (const auto& s : spaces) {
    by_label.emplace(s.subdomain, SpaceEntry{s.id, s.owner, s.is_private});
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
