#pragma once
// One HTTP request on a client connection, as a handler sees it. The server has parsed the
// request header; the body is still on the socket and is read through read_body, so large
// bodies (git pushes, uploads through the proxy) stream instead of being buffered.
//
// An Exchange runs on a thread of its own (http_server.hpp): the connection moved there from
// the event loop, so a handler may block, and a long-lived response (a log stream) simply
// keeps its thread.
// The build defines BOOST_BEAST_USE_STD_STRING_VIEW, so Beast speaks std::string_view.
#ifndef BOOST_BEAST_USE_STD_STRING_VIEW
#error "compile the server with -DBOOST_BEAST_USE_STD_STRING_VIEW"
#endif
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace berth::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
// The server's sockets and event loops use io_context's executor by name: Asio's type-erased
// default (any_io_executor) costs allocations and indirect calls on every completion.
using LoopExecutor = boost::asio::io_context::executor_type;
using LoopSocket = boost::asio::basic_stream_socket<tcp, LoopExecutor>;

using RequestParser = http::request_parser<http::buffer_body>;
using RequestHeader = http::request_header<>;
using ResponseHeader = http::response_header<>;

// An HTTP/1.1 request with "Expect: 100-continue": its client waits for a 100 before the body.
bool expects_continue(const RequestHeader& request);

class Exchange {
 public:
  Exchange(LoopSocket& socket, beast::flat_buffer& buffer, RequestParser& parser,
           std::string remote_address);
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  const RequestHeader& request() const;
  // The target's path without the query, and the raw query ("" when none).
  std::string_view path() const;
  std::string_view query() const;
  // The peer's IP address, as X-Forwarded-For and REMOTE_ADDR give it.
  const std::string& remote_address() const { return remote_address_; }

  // Reads up to `size` bytes of the request body into `data`; 0 at the body's end. Throws
  // beast::system_error on a socket error.
  std::size_t read_body(char* data, std::size_t size);
  // The whole body, for small JSON requests; throws PayloadTooLarge past `limit` bytes.
  std::string read_body_all(std::size_t limit = 1 << 20);
  bool body_done() const;

  // A complete response with a body. Sets Content-Length, Server, and Connection from the
  // request's keep-alive. `extra` are more header fields.
  void respond(http::status status, std::string_view content_type, std::string body,
               const std::vector<std::pair<std::string, std::string>>& extra = {});
  void respond_json(http::status status, const Json& body);
  // {"error": message}, as the Hub's API answers errors.
  void respond_error(http::status status, std::string_view message);

  // A streamed response: the header goes out with chunked transfer encoding (unless it has a
  // Content-Length), then each write_chunk is sent at once (server-sent events, git output).
  void begin_stream(ResponseHeader header);
  void write_chunk(std::string_view data);
  void end_stream();

  // True once a response (complete or begun) was sent.
  bool responded() const { return responded_; }
  // Whether the connection can carry another request after this one.
  bool keep_alive() const { return keep_alive_; }
  void close_after() { keep_alive_ = false; }

  // For handlers that take the connection over (the proxy's WebSocket relay): the socket and
  // the bytes already read past the request header. After use, call close_after().
  LoopSocket& socket() { return socket_; }
  beast::flat_buffer& buffer() { return buffer_; }
  RequestParser& parser() { return parser_; }
  // Marks the response as sent by the handler itself (e.g. relayed raw by the proxy).
  void mark_responded() { responded_ = true; }

 private:
  LoopSocket& socket_;
  beast::flat_buffer& buffer_;
  RequestParser& parser_;
  std::string remote_address_;
  bool responded_ = false;
  bool keep_alive_ = true;
  bool chunked_ = false;
};

// Thrown by read_body_all; the server answers 413.
struct PayloadTooLarge : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace berth::server
