#include "server/http/request_checks.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace berth::server {

namespace {

RequestRefusal bad_request(std::string message) {
  return {http::status::bad_request, std::move(message)};
}

std::size_t count_fields(const RequestHeader& request, http::field name) {
  auto [first, last] = request.equal_range(name);
  return static_cast<std::size_t>(std::distance(first, last));
}

bool is_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

// A Host value as RFC 9110 section 7.2 allows it, restricted to what names a host: a DNS name
// or IPv4 address (letters, digits, "-", ".", "_", "~") or a bracketed IPv6 address, then an
// optional ":port". Empty is allowed: it names no host (the server's own).
bool is_valid_host(std::string_view host) {
  std::string_view name = host;
  std::string_view port;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view literal = host.substr(1, close - 1);
    if (literal.empty() || !std::all_of(literal.begin(), literal.end(), [](unsigned char c) {
          return std::isxdigit(c) != 0 || c == ':' || c == '.';
        }))
      return false;
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    port = rest.empty() ? rest : rest.substr(1);
  } else {
    const auto colon = host.find(':');
    if (colon != std::string_view::npos) {
      name = host.substr(0, colon);
      port = host.substr(colon + 1);
    }
    if (!std::all_of(name.begin(), name.end(), [](unsigned char c) {
          return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
        }))
      return false;
    if (name.empty() && colon != std::string_view::npos) return false;
  }
  return port.size() <= 5 && is_digits(port);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && beast::iequals(text.substr(0, prefix.size()), prefix);
}

// "http://authority/path?query" → Host: authority, target: /path?query.
std::optional<RequestRefusal> to_origin_form(RequestHeader& request) {
  std::string_view target = request.target();
  std::string_view rest;
  if (starts_with_ci(target, "http://")) {
    rest = target.substr(7);
  } else if (starts_with_ci(target, "https://")) {
    rest = target.substr(8);
  } else {
    return bad_request("request target \"" + std::string(target) +
                       "\" is neither a path nor an http(s) URL");
  }
  const auto end = rest.find_first_of("/?#");
  const std::string authority(rest.substr(0, end));
  if (authority.empty() || authority.find('@') != std::string::npos || !is_valid_host(authority))
    return bad_request("request target \"" + std::string(target) + "\" names no valid host");
  std::string path(end == std::string_view::npos ? std::string_view() : rest.substr(end));
  if (path.starts_with('#')) path.clear();
  if (path.empty() || path.front() != '/')
    path.insert(0, request.method() == http::verb::options && path.empty() ? "*" : "/");
  // The URL's authority wins over any Host field (RFC 9112 section 3.2.2).
  request.erase(http::field::host);
  request.set(http::field::host, authority);
  request.target(path);
  return std::nullopt;
}

}  // namespace

std::optional<RequestRefusal> check_request(RequestHeader& request) {
  // The body's framing. Beast reads Transfer-Encoding's last coding; an app could read the
  // field another way, so anything but one plain "chunked" is refused.
  const std::size_t encodings = count_fields(request, http::field::transfer_encoding);
  const std::size_t lengths = count_fields(request, http::field::content_length);
  if (encodings > 0) {
    if (lengths > 0)
      return bad_request("a request must not have both Content-Length and Transfer-Encoding");
    if (request.version() < 11)
      return bad_request("Transfer-Encoding is not allowed in an HTTP/1.0 request");
    std::string_view coding = request[http::field::transfer_encoding];
    while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t'))
      coding.remove_prefix(1);
    while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t'))
      coding.remove_suffix(1);
    if (encodings > 1 || !beast::iequals(coding, "chunked")) {
      return {{http::status::not_implemented,
               "Transfer-Encoding \"" + std::string(request[http::field::transfer_encoding]) +
                   "\" is not supported: only chunked is"}};
    }
  }
  if (lengths > 1) return bad_request("a request must have at most one Content-Length");

  if (request.method() == http::verb::connect)
    return {{http::status::method_not_allowed, "CONNECT is not supported: this is no proxy"}};
  const std::string_view target = request.target();
  if (!target.starts_with('/') && !(target == "*" && request.method() == http::verb::options)) {
    if (auto refusal = to_origin_form(request)) return refusal;
  }

  const std::size_t hosts = count_fields(request, http::field::host);
  if (hosts > 1)
    return bad_request("a request must have one Host field, not " + std::to_string(hosts));
  if (hosts == 0 && request.version() >= 11)
    return bad_request("an HTTP/1.1 request must have a Host field");
  if (!is_valid_host(request[http::field::host]))
    return bad_request("invalid Host \"" + std::string(request[http::field::host]) + "\"");
  return std::nullopt;
}

}  // namespace berth::server
