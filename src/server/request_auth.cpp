#include "server/request_auth.hpp"

#include "base/base64.hpp"
#include "server/http/credential_filter.hpp"
#include "server/http/optional_whitespace.hpp"
#include "spaces/token.hpp"

namespace berth::server {

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<PresentedToken> from_authorization(const RequestHeader& request) {
  auto it = request.find(http::field::authorization);
  if (it == request.end()) return std::nullopt;
  std::string_view value = trim_optional_whitespace(it->value());
  if (starts_with_ci(value, "Bearer "))
    return PresentedToken{std::string(trim_optional_whitespace(value.substr(7)))};
  if (starts_with_ci(value, "Basic ")) {
    auto decoded = decode_base64(trim_optional_whitespace(value.substr(6)));
    if (!decoded) return std::nullopt;
    auto colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    return PresentedToken{decoded->substr(colon + 1)};
  }
  return std::nullopt;
}

std::optional<PresentedToken> from_cookie(const RequestHeader& request) {
  auto token = cookie_value(request, kTokenCookie);
  if (!token) return std::nullopt;
  return PresentedToken{std::move(*token), true};
}

}  // namespace

std::optional<std::string> cookie_value(const RequestHeader& request, std::string_view name) {
  auto it = request.find(http::field::cookie);
  if (it == request.end()) return std::nullopt;
  std::string_view cookies = it->value();
  while (!cookies.empty()) {
    auto semi = cookies.find(';');
    std::string_view pair = trim_optional_whitespace(cookies.substr(0, semi));
    auto equals = pair.find('=');
    if (equals != std::string_view::npos &&
        trim_optional_whitespace(pair.substr(0, equals)) == name)
      return std::string(trim_optional_whitespace(pair.substr(equals + 1)));
    if (semi == std::string_view::npos) break;
    cookies.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

std::optional<PresentedToken> presented_credential(const RequestHeader& request) {
  auto header = from_authorization(request);
  if (header && header->token.starts_with(spaces::kTokenPrefix)) return header;
  // An app's own Authorization (its API key, not a Berth token) leaves the visitor's cookie
  // in charge of who they are; a wrong Berth-shaped or lone token still answers 401.
  if (auto cookie = from_cookie(request)) return cookie;
  return header;
}

std::optional<std::string> presented_token(const RequestHeader& request) {
  auto presented = presented_credential(request);
  if (!presented) return std::nullopt;
  return std::move(presented->token);
}

bool is_safe_method(http::verb method) {
  return method == http::verb::get || method == http::verb::head;
}

}  // namespace berth::server
