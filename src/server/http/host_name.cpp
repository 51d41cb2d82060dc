#include "server/http/host_name.hpp"

#include "spaces/hub_names.hpp"

namespace berth::server {

std::string host_without_port(std::string_view host) {
  // "[::1]:8080" keeps its brackets; "name:8080" loses the port.
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return spaces::lowercase(host);
}

}  // namespace berth::server
