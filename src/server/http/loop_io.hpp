#pragma once
// I/O on an event loop's sockets, with coroutines (Task) and deadlines.
//
// Timeouts are deadlines that the loop's watchdog checks a few times a second (see
// http_server.cpp): an operation arms its socket's deadline before it starts and disarms it
// when it ends; the watchdog cancels the operations of a socket whose deadline passed. That
// costs a clock read per operation, where a timer per operation (beast::tcp_stream) costs
// timer-queue work and allocations, which the proxy's throughput feels.
//
// Parsing is Beast's parser fed by hand (basic_parser::put): bytes already buffered are parsed
// without an asynchronous operation, and a read happens only when the parser needs more.
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format off
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
// clang-format on
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstddef>

#include "server/http/exchange.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server {

// How much a read asks for at once.
inline constexpr std::size_t kReadSize = 16 * 1024;

// A coroutine on an event loop.
template <class T>
using Task = boost::asio::awaitable<T, LoopExecutor>;
inline constexpr boost::asio::use_awaitable_t<LoopExecutor> use_task;

using LoopTimer = boost::asio::basic_waitable_timer<
    std::chrono::steady_clock, boost::asio::wait_traits<std::chrono::steady_clock>, LoopExecutor>;

// A completion token that reports failure in `ec` instead of throwing.
inline auto into(beast::error_code& ec) {
  return boost::asio::redirect_error(use_task, ec);
}

// When the operation in progress on a socket must have finished.
struct Deadline {
  using Clock = std::chrono::steady_clock;

  Clock::time_point at = Clock::time_point::max();
  bool expired = false;  // set by the watchdog, which then cancels the socket's operations

  void arm(Millis timeout) {
    at = Clock::now() + timeout;
    expired = false;
  }
  // The operation's result, with a cancel by the watchdog turned into timed_out.
  beast::error_code disarm(beast::error_code ec) {
    at = Clock::time_point::max();
    if (expired && ec == boost::asio::error::operation_aborted)
      return boost::asio::error::timed_out;
    return ec;
  }
  // The watchdog's check: true when it should cancel the socket's operations.
  bool expire_if_past(Clock::time_point now) {
    if (expired || now < at) return false;
    expired = true;
    return true;
  }
};

// A socket of an event loop with the deadline of its current operation.
struct LoopConnection {
  explicit LoopConnection(LoopSocket s) : socket(std::move(s)) {}
  explicit LoopConnection(const LoopExecutor& executor) : socket(executor) {}
  LoopSocket socket;
  Deadline deadline;
};

// Whether a head whose lines end in a bare LF is accepted. Some apps send one (a CGI script
// that `echo`s its headers); nginx accepts it from an upstream, where Beast's parser would
// wait for a CRLF that never comes.
enum class LineEndings { kStrict, kLenient };

// When `buffer` holds a whole message head with a line ending in a bare LF, rewrites that head
// with CRLFs (the bytes after it stay as they are) and returns true.
bool use_crlf_in_head(beast::flat_buffer& buffer);

// Reads until `parser` has a complete header; bytes past it stay in `buffer`. Fails with
// end_of_stream when the peer closed before sending anything, partial_message when it closed
// in the middle, timed_out past `timeout`.
template <bool isRequest, class Body>
Task<void> read_header(LoopConnection& from, beast::flat_buffer& buffer,
                       http::parser<isRequest, Body>& parser, Millis timeout, beast::error_code& ec,
                       LineEndings endings = LineEndings::kStrict) {
  from.deadline.arm(timeout);
  for (;;) {
    if (endings == LineEndings::kLenient) use_crlf_in_head(buffer);
    if (buffer.size() != 0) {
      buffer.consume(parser.put(buffer.data(), ec));
      if (ec != http::error::need_more) break;  // done, or malformed
      ec = {};
    }
    std::size_t n = co_await from.socket.async_read_some(buffer.prepare(kReadSize), into(ec));
    buffer.commit(n);
    if (ec == boost::asio::error::eof) {
      if (parser.got_some()) {
        ec = {};
        parser.put_eof(ec);
      } else {
        ec = http::error::end_of_stream;
      }
    }
    if (ec) break;
  }
  ec = from.deadline.disarm(ec);
}

// Reads the next piece of a message's body into data[0, size); returns its length, which is
// 0 only at the body's end. The parser's body is a buffer_body.
template <bool isRequest>
Task<std::size_t> read_body_piece(LoopConnection& from, beast::flat_buffer& buffer,
                                  http::parser<isRequest, http::buffer_body>& parser, char* data,
                                  std::size_t size, Millis timeout, beast::error_code& ec) {
  auto& body = parser.get().body();
  body.data = data;
  body.size = size;
  // Each put parses all it can (a chunk header and its data), so a put that leaves the piece
  // empty has used up the buffer.
  parser.eager(true);
  from.deadline.arm(timeout);
  // A put may consume only framing (a chunk header): go on until bytes or the end.
  while (body.size == size && !parser.is_done()) {
    if (buffer.size() != 0) {
      buffer.consume(parser.put(buffer.data(), ec));
      // need_buffer: our piece is full; need_more: the rest is still on its way.
      if (ec == http::error::need_buffer || ec == http::error::need_more) ec = {};
      if (ec || body.size != size || parser.is_done()) break;
    }
    std::size_t n = co_await from.socket.async_read_some(buffer.prepare(kReadSize), into(ec));
    buffer.commit(n);
    if (ec == boost::asio::error::eof) {
      ec = {};
      parser.put_eof(ec);  // completes a body delimited by the close; else partial_message
    }
    if (ec) break;
  }
  ec = from.deadline.disarm(ec);
  co_return size - body.size;
}

// Writes all of `buffers`.
template <class ConstBuffers>
Task<void> write_all(LoopConnection& to, const ConstBuffers& buffers, Millis timeout,
                     beast::error_code& ec) {
  to.deadline.arm(timeout);
  co_await boost::asio::async_write(to.socket, buffers, into(ec));
  ec = to.deadline.disarm(ec);
}

}  // namespace berth::server
