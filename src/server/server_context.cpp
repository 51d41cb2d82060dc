#include "server/server_context.hpp"

#include <algorithm>
#include <cctype>

#include "server/http/credential_filter.hpp"
#include "server/request_auth.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/token.hpp"

namespace berth::server {

std::optional<spaces::Identity> ServerContext::identify(const Exchange& ex) {
  const auto& request = ex.request();
  if (cookie_not_accepted(request)) return std::nullopt;
  // A token, wherever presented, speaks for itself (a wrong one is refused, not overridden).
  if (presented_credential(request)) return identify_visitor(request);
  auto session = web_session(request);
  if (!session) return std::nullopt;
  // A session's cookie comes with every request the browser makes, whichever site's page
  // made it: a state change must also show the CSRF token only the UI's pages know.
  if (!is_safe_method(request.method())) {
    auto presented = request.find(kCsrfHeader);
    if (presented == request.end() || !spaces::hashes_equal(presented->value(), session->csrf))
      return std::nullopt;
  }
  return session->identity;
}

std::optional<spaces::WebSession> ServerContext::web_session(const RequestHeader& request) {
  auto id = cookie_value(request, kSessionCookie);
  if (!id) return std::nullopt;
  return db.with_sessions([&](spaces::WebSessionStore& sessions) { return sessions.find(*id); });
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
