#pragma once
// The token a request presents, wherever a Hub client puts it: `Authorization: Bearer hf_…`
// (huggingface_hub, curl), the password of HTTP basic auth (git), or a `token` cookie (a
// browser visiting a private Space). The web UI's session cookie is ServerContext's.
#include <optional>
#include <string>
#include <string_view>

#include "server/http/exchange.hpp"

namespace berth::server {

struct PresentedToken {
  std::string token;
  // From the cookie, which a browser also sends with requests another site makes it send.
  bool from_cookie = false;
};

// The token from Authorization when it is Berth-shaped (spaces::kTokenPrefix), else the cookie's,
// else whatever Authorization carries (so a wrong token is refused rather than ignored).
std::optional<PresentedToken> presented_credential(const RequestHeader& request);
// The same, without where it came from.
std::optional<std::string> presented_token(const RequestHeader& request);

// The value of the first cookie called `name` in the Cookie header.
std::optional<std::string> cookie_value(const RequestHeader& request, std::string_view name);

// GET and HEAD: the methods a cookie may authenticate on the API host. Any other could be a
// request another site's page made the browser send (CSRF), with the cookie attached.
bool is_safe_method(http::verb method);

}  // namespace berth::server
