#pragma once
// A client connection while the server's event loop holds it (see http_server.hpp): the
// socket, the bytes read past the last request header, the peer's address, and what the proxy
// reuses from one request to the next. Requests for a Space's app are proxied here without a
// thread of their own; everything else moves the connection to a thread (Exchange).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/address_limit.hpp"
#include "server/http/loop_io.hpp"

namespace berth::server {

struct ClientConnection {
  ClientConnection(LoopSocket socket, std::string remote, AddressLimit::Slot slot = {})
      : downstream(std::move(socket)), remote_address(std::move(remote)), slot(std::move(slot)) {}

  LoopConnection downstream;
  beast::flat_buffer buffer;
  std::string remote_address;
  // The connection's place in its client's count; close() gives it back.
  AddressLimit::Slot slot;
  // The app's connection while a proxied request uses it, so that the watchdog sees its
  // deadline and stop() can close it.
  LoopConnection* upstream = nullptr;

  // Reused by every request the proxy forwards on this connection, so that one allocates
  // little: the app's bytes past the response head, a serialized message head, a body piece.
  beast::flat_buffer upstream_buffer;
  std::string head;
  char* scratch(std::size_t size);

  // Ends every operation on the connection and on its upstream: they complete with errors.
  // The connection no longer counts against its client.
  void close();
  // The watchdog's round: cancels the operations whose deadline passed.
  void check_deadlines(Deadline::Clock::time_point now);

 private:
  std::unique_ptr<char[]> scratch_;
  std::size_t scratch_size_ = 0;
};

// Writes a complete response to `request` with the Server field and the connection's fate;
// returns whether the connection can carry another request (false after a write error, or
// when the request's body was left unread).
Task<bool> respond_async(ClientConnection& client, const RequestParser& request,
                         http::status status, std::string_view content_type, std::string body,
                         Millis timeout,
                         const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace berth::server
