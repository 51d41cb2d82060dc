#pragma once
// Which Space a request's Host names, without a database query on the proxy's hot path:
// `{subdomain}.{domain}` (the Space's unique host label, spaces/space_host.hpp) → the Space's
// id and visibility.
// Kept from the database; refreshed when the API changes a Space and every few seconds for
// changes made by the CLI.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/space_record.hpp"

namespace berth::server {

struct SpaceEntry {
  std::string id;  // owner/name as created
  std::string owner;
  bool is_private = false;
};

class SpaceDirectory {
 public:
  explicit SpaceDirectory(std::string domain);

  void replace_all(const std::vector<spaces::SpaceRecord>& spaces);
  // The Space a Host header names; nullopt for the server's own host and unknown Spaces.
  std::optional<SpaceEntry> find_by_host(std::string_view host) const;
  // True when `host` (port removed) is the server's own name: the API, git and status page.
  bool is_server_host(std::string_view host) const;

 private:
  std::string domain_;
  mutable std::mutex mutex_;
  std::map<std::string, SpaceEntry> by_label_;
};

}  // namespace berth::server
