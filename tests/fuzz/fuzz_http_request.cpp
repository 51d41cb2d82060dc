// The HTTP front: the request head parser the server uses (Beast's, with the server's limits)
// and the checks every request passes before routing (Host, framing, absolute targets), then
// the target's query string, and what the server reads of the head: cookies (the credential
// filter, the session's), the Origin checks of the web UI's forms.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "fuzz_target.hpp"
#include "server/http/credential_filter.hpp"
#include "server/http/query.hpp"
#include "server/http/request_checks.hpp"
#include "server/request_auth.hpp"
#include "server/web/form_post.hpp"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  berth::server::RequestParser parser;
  parser.header_limit(64 * 1024);  // HttpServer's default
  parser.eager(false);
  boost::beast::error_code ec;
  size_t used = 0;
  // Fed in two pieces, as reads from a socket arrive.
  size_t half = size / 2;
  used = parser.put(boost::asio::buffer(data, half), ec);
  if (!ec || ec == http::error::need_more) {
    ec = {};
    used += parser.put(boost::asio::buffer(data + used, size - used), ec);
  }
  if (!parser.is_header_done()) return 0;
  auto& header = parser.get().base();
  if (berth::server::check_request(header)) return 0;
  std::string_view target = header.target();
  if (auto q = target.find('?'); q != std::string_view::npos) {
    (void)berth::server::parse_query(target.substr(q + 1));
  }
  if (auto cookie = header.find(http::field::cookie); cookie != header.end()) {
    (void)berth::server::without_server_cookies(cookie->value());
  }
  (void)berth::server::cookie_value(header, berth::server::kSessionCookie);
  (void)berth::server::presented_credential(header);
  (void)berth::server::from_this_site(header);
  return 0;
}
