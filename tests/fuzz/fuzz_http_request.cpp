// The HTTP front: the request head parser the server uses (Beast's, with the server's limits)
// and the checks every request passes before routing (Host, framing, absolute targets), then
// the target's query string.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "fuzz_target.hpp"
#include "server/http/query.hpp"
#include "server/http/request_checks.hpp"

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
  return 0;
}
