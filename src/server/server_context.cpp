#include "server/server_context.hpp"

#include <algorithm>
#include <cctype>

#include "server/request_auth.hpp"
#include "spaces/hub_names.hpp"

namespace berth::server {

std::optional<spaces::Identity> ServerContext::identify(const Exchange& ex) {
  if (cookie_not_accepted(ex.request())) return std::nullopt;
  return identify_visitor(ex.request());
}

bool ServerContext::cookie_not_accepted(const RequestHeader& request) {
  auto presented = presented_credential(request);
  return presented && presented->from_cookie && !is_safe_method(request.method());
}

std::optional<spaces::Identity> ServerContext::identify_visitor(const RequestHeader& request) {
  auto token = presented_token(request);
  if (!token) return std::nullopt;
  return db.with(
      [&](spaces::SpaceStore&, spaces::UserStore& users) { return users.authenticate(*token); });
}

void ServerContext::refresh_directory() {
  directory.replace_all(
      db.with([](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(); }));
}

std::string ServerContext::space_url(const spaces::SpaceRecord& space) const {
  std::string url = "http://" + space.subdomain + "." + domain;
  if (public_port != 80) url += ":" + std::to_string(public_port);
  return url;
}

bool ServerContext::can_read(const spaces::SpaceRecord& space,
                             const std::optional<spaces::Identity>& who) {
  return !space.is_private || (who && spaces::same_name(who->user, space.owner));
}

}  // namespace berth::server
