#include "server/http/credential_filter.hpp"

#include <boost/beast/core/string.hpp>

#include "base/base64.hpp"
#include "server/http/host_name.hpp"
#include "server/http/optional_whitespace.hpp"
#include "spaces/token.hpp"

namespace berth::server {

namespace {

using boost::beast::iequals;

bool is_token_shaped(std::string_view credential) {
  return trim_optional_whitespace(credential).starts_with(spaces::kTokenPrefix);
}

// "name" of a "name=value" cookie pair, trimmed.
std::string_view cookie_name(std::string_view pair) {
  return trim_optional_whitespace(pair.substr(0, pair.find('=')));
}

bool is_server_cookie(std::string_view name) {
  return name == kTokenCookie || name == kSessionCookie || name == kVisitCookie;
}

}  // namespace

bool is_berth_authorization(std::string_view value) {
  value = trim_optional_whitespace(value);
  const auto space = value.find_first_of(" \t");
  if (space == std::string_view::npos) return is_token_shaped(value);  // a bare token
  const std::string_view scheme = value.substr(0, space);
  const std::string_view credentials = trim_optional_whitespace(value.substr(space));
  if (iequals(scheme, "Bearer") || iequals(scheme, "token")) return is_token_shaped(credentials);
  if (iequals(scheme, "Basic")) {
    auto decoded = decode_base64(credentials);
    if (!decoded) return false;  // no token anyone could read out of it
    const auto colon = decoded->find(':');
    const std::string_view user = std::string_view(*decoded).substr(0, colon);
    const std::string_view password = colon == std::string::npos
                                          ? std::string_view()
                                          : std::string_view(*decoded).substr(colon + 1);
    return is_token_shaped(user) || is_token_shaped(password);
  }
  return false;
}

std::optional<std::string> without_server_cookies(std::string_view cookie_header) {
  std::string kept;
  while (!cookie_header.empty()) {
    const auto semi = cookie_header.find(';');
    const std::string_view pair = trim_optional_whitespace(cookie_header.substr(0, semi));
    if (!pair.empty() && !is_server_cookie(cookie_name(pair))) {
      if (!kept.empty()) kept.append("; ");
      kept.append(pair);
    }
    if (semi == std::string_view::npos) break;
    cookie_header.remove_prefix(semi + 1);
  }
  if (kept.empty()) return std::nullopt;
  return kept;
}

bool is_app_cookie(std::string_view set_cookie, std::string_view app_host) {
  auto semi = set_cookie.find(';');
  if (is_server_cookie(cookie_name(set_cookie.substr(0, semi)))) return false;
  const std::string host = host_without_port(app_host);
  while (semi != std::string_view::npos) {
    set_cookie.remove_prefix(semi + 1);
    semi = set_cookie.find(';');
    const std::string_view attribute = trim_optional_whitespace(set_cookie.substr(0, semi));
    const auto equals = attribute.find('=');
    if (!iequals(trim_optional_whitespace(attribute.substr(0, equals)), "Domain")) continue;
    // Browsers ignore a leading dot; a Domain is a host name, so case does not matter.
    std::string_view domain = equals == std::string_view::npos
                                  ? std::string_view()
                                  : trim_optional_whitespace(attribute.substr(equals + 1));
    if (domain.starts_with('.')) domain.remove_prefix(1);
    if (domain.empty()) continue;  // an empty Domain is ignored: the cookie stays host-only
    if (host_without_port(domain) != host) return false;
  }
  return true;
}

}  // namespace berth::server
