#pragma once
// What the server checks in every request header before it routes the request (to a Space's
// app or a handler): that the host it names and the body's framing are unambiguous. The router
// reads Host, and the proxy passes the framing on to an app, so anything two parties could read
// two ways (two Hosts, an absolute-form target naming another host, Content-Length beside
// Transfer-Encoding) would let a request reach a Space the router did not pick, or smuggle a
// second request past it (RFC 9112 sections 3.2, 6.1 and 6.3).
#include <optional>
#include <string>

#include "server/http/exchange.hpp"

namespace berth::server {

struct RequestRefusal {
  http::status status;
  std::string message;
};

// The refusal for a request that must not be served (the connection closes after it), or
// nullopt. An absolute-form target ("GET http://host/path") is rewritten in place to its
// origin form with its authority as the only Host, as RFC 9112 section 3.2.2 requires.
std::optional<RequestRefusal> check_request(RequestHeader& request);

}  // namespace berth::server
