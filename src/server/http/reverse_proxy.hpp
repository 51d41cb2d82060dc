#pragma once
// The reverse proxy from the public port to a Space's container, on the server's event loop:
// HTTP/1.1 with streamed bodies both ways (server-sent events arrive live), WebSocket and
// other upgrades relayed as raw bytes, and kept-alive upstream connections from the loop's
// pool. Coroutines over Beast's asynchronous API: a proxied request costs no thread, which is
// what lets the proxy keep up with nginx (bench/spaces.sh).
#include <chrono>
#include <string>

#include "server/http/client_connection.hpp"
#include "server/http/upstream_pool.hpp"

namespace berth::server {

struct ProxyOptions {
  std::chrono::seconds connect_timeout{5};
  // From the request sent to the response header received (504 past it).
  std::chrono::seconds response_timeout{60};
  // The longest silence while streaming a body or relaying an upgraded connection.
  std::chrono::seconds idle_timeout{300};
  // X-Forwarded-Proto: "https" when a TLS terminator sits in front.
  std::string forwarded_proto = "http";
};

// Sends the request (header parsed into `request`, body still on the client connection) to
// `upstream` and its response back to the client. Adds X-Forwarded-For/-Proto/-Host and keeps
// Host. Answers 502 when the upstream refuses or fails before answering, 504 when it answers
// too late; once the response began, a failure closes the client connection instead.
// Returns whether the client connection can carry another request.
Task<bool> proxy_request(ClientConnection& client, RequestParser& request,
                         const tcp::endpoint& upstream, UpstreamPool& pool,
                         const ProxyOptions& options);

// "Connection: upgrade" with an Upgrade field (WebSocket and the like) on HTTP/1.1.
bool is_upgrade_request(const RequestHeader& request);

}  // namespace berth::server
