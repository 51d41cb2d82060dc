#include "server/http/reverse_proxy.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <limits>
#include <optional>
#include <span>
#include <sstream>

#include "server/http/credential_filter.hpp"
#include "server/http/exchange.hpp"
#include "server/http/html.hpp"

namespace berth::server {

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ResponseParser = http::response_parser<http::buffer_body>;

constexpr std::size_t kChunkSize = 64 * 1024;
constexpr std::uint32_t kResponseHeaderLimit = 64 * 1024;
// For the proxy's own small error pages.
constexpr Millis kErrorPageTimeout = 30s;
constexpr std::string_view kCrLf = "\r\n";
constexpr std::string_view kLastChunk = "0\r\n\r\n";

// A pooled connection is reusable while nothing is readable on it: readable means the app
// closed it (EOF, e.g. its keep-alive timeout) or sent bytes nobody asked for.
bool still_idle(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) == 0;
}

bool has_token(std::string_view list, std::string_view token) {
  for (auto item : http::token_list{list})
    if (beast::iequals(item, token)) return true;
  return false;
}

// Hop-by-hop fields describe one connection, not the message (RFC 9110 section 7.6.1). Fields
// that Connection names are left alone, as nginx does: a client naming Content-Length there
// must not change how the upstream frames the body.
bool is_hop_by_hop(http::field field) {
  switch (field) {
    case http::field::connection:
    case http::field::keep_alive:
    case http::field::proxy_connection:
    case http::field::proxy_authorization:
    case http::field::proxy_authenticate:
    case http::field::te:
    case http::field::trailer:
    case http::field::transfer_encoding:
    case http::field::upgrade:
      return true;
    default:
      return false;
  }
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append(kCrLf);
}

// One proxied request: what every step needs.
struct Call {
  ClientConnection& client;
  RequestParser& request;
  const tcp::endpoint& upstream;
  const ProxyOptions& options;

  const RequestHeader& header() const { return request.get().base(); }
  Millis idle() const { return options.idle_timeout; }
  // "The app on port 7860", for error pages.
  std::string app() const { return "The app on port " + std::to_string(upstream.port()); }
};

// The request head for the app, in client.head: HTTP/1.1 whatever the client speaks, for
// keep-alive; hop-by-hop fields and the visitor's Berth credentials dropped (see
// credential_filter.hpp); X-Forwarded-For/-Proto/-Host set.
void serialize_request_head(const Call& call, bool upgrade) {
  const RequestHeader& in = call.header();
  std::string& out = call.client.head;
  out.clear();
  out.append(in.method_string()).append(" ").append(in.target()).append(" HTTP/1.1\r\n");
  std::string_view forwarded_for;
  bool has_host = false;
  for (const auto& field : in) {
    const http::field name = field.name();
    if (is_hop_by_hop(name) && !(upgrade && name == http::field::upgrade)) continue;
    // The proxy answers "100-continue" itself, when it reads the body.
    if (name == http::field::expect) continue;
    // Chunked wins over Content-Length (RFC 9112 section 6.3).
    if (name == http::field::content_length && call.request.chunked()) continue;
    if (beast::iequals(field.name_string(), "X-Forwarded-For")) {
      forwarded_for = field.value();
      continue;
    }
    if (beast::iequals(field.name_string(), "X-Forwarded-Proto") ||
        beast::iequals(field.name_string(), "X-Forwarded-Host"))
      continue;
    if (name == http::field::authorization && is_berth_authorization(field.value())) continue;
    if (name == http::field::cookie) {
      if (auto kept = without_server_cookies(field.value()))
        append_field(out, field.name_string(), *kept);
      continue;
    }
    has_host = has_host || name == http::field::host;
    append_field(out, field.name_string(), field.value());
  }
  if (upgrade) append_field(out, "Connection", "Upgrade");
  if (call.request.chunked()) append_field(out, "Transfer-Encoding", "chunked");
  out.append("X-Forwarded-For: ");
  if (!forwarded_for.empty()) out.append(forwarded_for).append(", ");
  out.append(call.client.remote_address).append(kCrLf);
  append_field(out, "X-Forwarded-Proto", call.options.forwarded_proto);
  if (has_host) {
    append_field(out, "X-Forwarded-Host", in[http::field::host]);
  } else {
    // An HTTP/1.0 client may send no Host; HTTP/1.1 servers refuse requests without one.
    std::ostringstream address;
    address << call.upstream;
    append_field(out, "Host", address.str());
  }
  out.append(kCrLf);
}

// The response head for the client, in client.head. For a 101 every field stays: Connection
// and Upgrade are the answer. Cookies the app may not set (credential_filter.hpp) are dropped.
void serialize_response_head(const Call& call, const ResponseHeader& in, bool switching,
                             bool chunked, bool keep_alive) {
  const bool http11 = call.header().version() >= 11;
  std::string& out = call.client.head;
  out.clear();
  out.append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ").append(std::to_string(in.result_int()));
  out.append(" ").append(in.reason().empty() ? http::obsolete_reason(in.result()) : in.reason());
  out.append(kCrLf);
  const std::string_view app_host = call.header()[http::field::host];
  for (const auto& field : in) {
    if (!switching && is_hop_by_hop(field.name())) continue;
    if (chunked && field.name() == http::field::content_length) continue;
    if (field.name() == http::field::set_cookie && !is_app_cookie(field.value(), app_host))
      continue;
    append_field(out, field.name_string(), field.value());
  }
  if (!switching) {
    if (chunked) append_field(out, "Transfer-Encoding", "chunked");
    if (http11 && !keep_alive) append_field(out, "Connection", "close");
    if (!http11 && keep_alive) append_field(out, "Connection", "keep-alive");
  }
  out.append(kCrLf);
}

// A small page for a browser that opened the Space while its app is down or slow.
Task<bool> answer_gateway_error(Call& call, http::status status, const std::string& detail) {
  std::string title = std::to_string(static_cast<unsigned>(status)) + " " +
                      std::string(http::obsolete_reason(status));
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
                     "</title></head>\n<body><h1>" + title + "</h1>\n<p>" + html_escape(detail) +
                     "</p></body></html>\n";
  co_return co_await respond_async(call.client, call.request, status, "text/html; charset=utf-8",
                                   std::move(page), kErrorPageTimeout);
}

// Opens the upstream connection; children (git, berth) must not inherit it.
Task<void> connect_upstream(LoopConnection& upstream, const tcp::endpoint& endpoint, Millis timeout,
                            beast::error_code& ec) {
  upstream.socket.open(endpoint.protocol(), ec);
  if (ec) co_return;
  ::fcntl(upstream.socket.native_handle(), F_SETFD, FD_CLOEXEC);
  upstream.deadline.arm(timeout);
  co_await upstream.socket.async_connect(endpoint, into(ec));
  ec = upstream.deadline.disarm(ec);
  if (!ec) upstream.socket.set_option(tcp::no_delay(true), ec);
}

// A body piece as it goes out: raw, or framed as a chunk.
class Piece {
 public:
  Piece(std::string_view data, bool chunked, bool last) {
    if (chunked && !data.empty()) {
      auto end = fmt::format_to_n(size_, sizeof size_ - 2, "{:x}", data.size()).out;
      *end++ = '\r';
      *end++ = '\n';
      add({size_, static_cast<std::size_t>(end - size_)});
      add(data);
      add(kCrLf);
    } else {
      add(data);
    }
    if (chunked && last) add(kLastChunk);
  }
  // Puts `head` in front, to leave in the same write.
  void prepend(std::string_view head) {
    for (std::size_t i = count_; i > 0; --i) buffers_[i] = buffers_[i - 1];
    buffers_[0] = asio::const_buffer(head.data(), head.size());
    ++count_;
  }
  std::span<const asio::const_buffer> buffers() const { return {buffers_.data(), count_}; }

 private:
  void add(std::string_view data) {
    if (!data.empty()) buffers_[count_++] = asio::const_buffer(data.data(), data.size());
  }
  char size_[20];
  std::array<asio::const_buffer, 5> buffers_;
  std::size_t count_ = 0;
};

// Sends the request head and streams the client's body after it. Upstream failures land in
// `upstream_ec`, the client's (gone, too slow, a malformed chunk) in `client_ec`.
Task<void> send_request(Call& call, LoopConnection& upstream, beast::error_code& upstream_ec,
                        beast::error_code& client_ec) {
  ClientConnection& client = call.client;
  const std::string_view head = client.head;
  co_await write_all(upstream, asio::buffer(head.data(), head.size()),
                     call.options.response_timeout, upstream_ec);
  if (upstream_ec || call.request.is_done()) co_return;
  if (expects_continue(call.header())) {
    // The client waits for this before it sends the body.
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    co_await write_all(client.downstream, asio::buffer(kContinue.data(), kContinue.size()),
                       call.idle(), client_ec);
    if (client_ec) co_return;
  }
  char* chunk = client.scratch(kChunkSize);
  const bool chunked = call.request.chunked();
  while (!call.request.is_done()) {
    std::size_t n = co_await read_body_piece(client.downstream, client.buffer, call.request, chunk,
                                             kChunkSize, call.idle(), client_ec);
    if (client_ec) co_return;
    Piece piece({chunk, n}, chunked, call.request.is_done());
    co_await write_all(upstream, piece.buffers(), call.idle(), upstream_ec);
    if (upstream_ec) co_return;
  }
}

// Reads the upstream's response header, passing over interim 1xx responses (100 Continue,
// 103 Early Hints) but not 101, which ends HTTP on the connection.
Task<void> read_response_header(LoopConnection& upstream, beast::flat_buffer& buffer,
                                std::optional<ResponseParser>& parser, bool head, Millis timeout,
                                beast::error_code& ec) {
  for (;;) {
    parser.emplace();
    parser->header_limit(kResponseHeaderLimit);
    // Not none: Beast 1.74 compares Content-Length with the empty optional and refuses bodies.
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    parser->skip(head);  // a response to HEAD has no body, whatever its header says
    co_await read_header(upstream, buffer, *parser, timeout, ec, LineEndings::kLenient);
    if (ec) co_return;
    const unsigned status = parser->get().result_int();
    if (status / 100 != 1 || status == 101) co_return;
  }
}

// After a 101: raw bytes both ways until both sides have finished sending, either side fails,
// or nothing moves either way for `idle`.
class Relay {
 public:
  Relay(LoopSocket& client, LoopSocket& upstream, Millis idle)
      : client_(client), upstream_(upstream), idle_(idle), wake_(client.get_executor()) {}

  // Bytes read past the HTTP headers on either side go first.
  Task<void> run(beast::flat_buffer& client_pending, beast::flat_buffer& upstream_pending) {
    beast::error_code ec;
    co_await asio::async_write(upstream_, client_pending.data(), into(ec));
    if (!ec) co_await asio::async_write(client_, upstream_pending.data(), into(ec));
    if (ec) co_return;
    client_pending.clear();
    upstream_pending.clear();
    last_activity_ = std::chrono::steady_clock::now();
    // Both directions run on this loop's one thread, as does this watch, so none of them
    // needs a lock, and a direction's end always finds the watch waiting.
    asio::co_spawn(wake_.get_executor(), pump(client_, upstream_), asio::detached);
    asio::co_spawn(wake_.get_executor(), pump(upstream_, client_), asio::detached);
    while (open_directions_ > 0) {
      wake_.expires_at(last_activity_ + idle_);
      co_await wake_.async_wait(into(ec));
      if (ec != asio::error::operation_aborted &&
          std::chrono::steady_clock::now() >= last_activity_ + idle_) {
        close_both();  // idle too long: both pumps end with errors
        last_activity_ = std::chrono::steady_clock::now();
      }
    }
  }

 private:
  Task<void> pump(LoopSocket& from, LoopSocket& to) {
    auto chunk = std::make_unique_for_overwrite<char[]>(kChunkSize);
    beast::error_code ec;
    for (;;) {
      std::size_t n =
          co_await from.async_read_some(asio::buffer(chunk.get(), kChunkSize), into(ec));
      if (ec == asio::error::eof) {
        to.shutdown(LoopSocket::shutdown_send, ec);  // pass the half-close on
        break;
      }
      if (ec) {
        close_both();
        break;
      }
      last_activity_ = std::chrono::steady_clock::now();
      co_await asio::async_write(to, asio::buffer(chunk.get(), n), into(ec));
      if (ec) {
        close_both();
        break;
      }
    }
    --open_directions_;
    wake_.cancel();
  }

  void close_both() {
    beast::error_code ec;
    client_.close(ec);
    upstream_.close(ec);
  }

  LoopSocket& client_;
  LoopSocket& upstream_;
  Millis idle_;
  LoopTimer wake_;
  int open_directions_ = 2;
  std::chrono::steady_clock::time_point last_activity_;
};

// Clears ClientConnection::upstream when the call ends, however it ends.
struct UpstreamLink {
  ClientConnection& client;
  ~UpstreamLink() { client.upstream = nullptr; }
};

}  // namespace

bool is_upgrade_request(const RequestHeader& request) {
  return request.version() >= 11 && has_token(request[http::field::connection], "upgrade") &&
         !request[http::field::upgrade].empty();
}

Task<bool> proxy_request(ClientConnection& client, RequestParser& request,
                         const tcp::endpoint& upstream, UpstreamPool& pool,
                         const ProxyOptions& options) {
  Call call{client, request, upstream, options};
  const bool upgrade = is_upgrade_request(call.header());
  const bool head = call.header().method() == http::verb::head;
  serialize_request_head(call, upgrade);
  // Only a request whose body was not consumed can be sent again on a fresh connection.
  const bool replayable = request.is_done();

  std::optional<LoopConnection> app;
  UpstreamLink link{client};
  beast::flat_buffer& buffer = client.upstream_buffer;
  std::optional<ResponseParser> parser;
  bool request_sent = false;
  for (bool first_try = true;; first_try = false) {
    beast::error_code ec;
    client.upstream = nullptr;
    app.reset();
    parser.reset();
    buffer.clear();
    bool pooled = false;
    if (first_try) {
      // A request with a body cannot be retried, so its connection is checked first.
      auto socket = pool.take(upstream);
      if (socket && (replayable || still_idle(socket->native_handle()))) {
        app.emplace(std::move(*socket));
        pooled = true;
      }
    }
    if (!app) app.emplace(client.downstream.socket.get_executor());
    client.upstream = &*app;
    if (!pooled) {
      co_await connect_upstream(*app, upstream, options.connect_timeout, ec);
      if (!client.downstream.socket.is_open()) co_return false;  // the server is stopping
      if (ec == asio::error::connection_refused) {
        co_return co_await answer_gateway_error(
            call, http::status::bad_gateway,
            call.app() + " refused the connection: is the app listening on it?");
      }
      if (ec == asio::error::timed_out) {
        co_return co_await answer_gateway_error(
            call, http::status::bad_gateway,
            call.app() + " did not accept a connection within " +
                std::to_string(options.connect_timeout.count()) + " s.");
      }
      if (ec) {
        co_return co_await answer_gateway_error(
            call, http::status::bad_gateway,
            call.app() + " cannot be reached: " + ec.message() + ".");
      }
    }

    beast::error_code client_ec;
    co_await send_request(call, *app, ec, client_ec);
    if (client_ec) {
      if (client_ec.category() == http::make_error_code(http::error::bad_chunk).category()) {
        co_return co_await answer_gateway_error(
            call, http::status::bad_request,
            "The request body is malformed: " + client_ec.message() + ".");
      }
      co_return false;  // the client went away while sending its body
    }
    // A failed write may still have a response behind it (an early 413): read it either way.
    request_sent = !ec;
    co_await read_response_header(*app, buffer, parser, head, options.response_timeout, ec);
    if (!ec) break;
    if (!client.downstream.socket.is_open()) co_return false;  // the server is stopping
    // A pooled connection the app closed as we reused it: once more on a fresh one.
    if (pooled && replayable && !parser->got_some() && buffer.size() == 0 &&
        ec != asio::error::timed_out)
      continue;
    if (ec == asio::error::timed_out) {
      co_return co_await answer_gateway_error(call, http::status::gateway_timeout,
                                              call.app() + " did not answer within " +
                                                  std::to_string(options.response_timeout.count()) +
                                                  " s.");
    }
    if (!parser->got_some()) {
      co_return co_await answer_gateway_error(
          call, http::status::bad_gateway,
          call.app() + " closed the connection without answering.");
    }
    co_return co_await answer_gateway_error(
        call, http::status::bad_gateway,
        call.app() + " sent a malformed response: " + ec.message() + ".");
  }

  const ResponseHeader& response = parser->get().base();
  const unsigned status = response.result_int();
  beast::error_code ec;
  if (status == 101) {
    if (!upgrade) {
      co_return co_await answer_gateway_error(
          call, http::status::bad_gateway,
          call.app() + " switched protocols on a request that asked for none.");
    }
    serialize_response_head(call, response, /*switching=*/true, false, false);
    co_await write_all(client.downstream, asio::buffer(client.head), options.idle_timeout, ec);
    if (ec) co_return false;
    Relay relay(client.downstream.socket, app->socket, options.idle_timeout);
    co_await relay.run(client.buffer, buffer);
    co_return false;  // the connection is no longer HTTP
  }

  const bool no_body = head || status == 204 || status == 304;
  const bool client_http11 = call.header().version() >= 11;
  bool keep_alive = request.get().keep_alive();
  bool chunked = false;
  if (!no_body && !parser->content_length()) {
    // Chunked or delimited by the upstream's close: chunks for an HTTP/1.1 client, the close
    // for an HTTP/1.0 one.
    if (client_http11) {
      chunked = true;
    } else {
      keep_alive = false;
    }
  }
  // A body left unread would be parsed as the next request.
  if (!request.is_done()) keep_alive = false;
  serialize_response_head(call, response, false, chunked, keep_alive);

  bool upstream_ok = true;
  if (no_body) {
    co_await write_all(client.downstream, asio::buffer(client.head), options.idle_timeout, ec);
  } else {
    bool head_sent = false;
    // An event stream's head must not wait for its first event; otherwise head and the first
    // body bytes leave in one write.
    if (buffer.size() == 0 && !parser->is_done()) {
      co_await write_all(client.downstream, asio::buffer(client.head), options.idle_timeout, ec);
      head_sent = true;
    }
    char* chunk = client.scratch(kChunkSize);
    while (!ec) {
      std::size_t n = 0;
      if (!parser->is_done()) {
        beast::error_code read_ec;
        n = co_await read_body_piece(*app, buffer, *parser, chunk, kChunkSize, options.idle_timeout,
                                     read_ec);
        if (read_ec) {
          upstream_ok = false;  // the response stops short; the close tells the client
          break;
        }
      }
      // Each piece goes out at once: events and log lines must not wait for more.
      Piece piece({chunk, n}, chunked, parser->is_done());
      if (!head_sent) piece.prepend(client.head);
      head_sent = true;
      if (!piece.buffers().empty())
        co_await write_all(client.downstream, piece.buffers(), options.idle_timeout, ec);
      if (parser->is_done()) break;
    }
  }
  if (ec || !upstream_ok) co_return false;
  if (request_sent && parser->is_done() && !parser->need_eof() && parser->get().keep_alive() &&
      buffer.size() == 0)
    pool.put(upstream, std::move(app->socket));
  co_return keep_alive;
}

}  // namespace berth::server
