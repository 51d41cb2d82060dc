#include "server/http/reverse_proxy.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "server/http/html.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using ResponseParser = http::response_parser<http::buffer_body>;

constexpr std::size_t kChunkSize = 64 * 1024;
constexpr std::uint32_t kResponseHeaderLimit = 64 * 1024;
constexpr std::size_t kPoolPerEndpoint = 64;
// Idle upstream connections older than this are closed rather than reused.
constexpr auto kPoolMaxIdle = 60s;
constexpr auto kPoolSweepEvery = 10s;

// Pooled upstream sockets outlive any one server, so they belong to a context of their own.
// Blocking sockets never run it. Never destroyed: pooled sockets may live until exit.
boost::asio::io_context& upstream_context() {
  static auto* context = new boost::asio::io_context;
  return *context;
}

// A pooled connection is reusable while nothing is readable on it: readable means the upstream
// closed it (EOF, e.g. its keep-alive timeout) or sent bytes nobody asked for.
bool still_idle(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) == 0;
}

// Kept-alive upstream connections, per endpoint; the most recently used is reused first.
class UpstreamPool {
 public:
  std::unique_ptr<tcp::socket> take(const tcp::endpoint& endpoint) {
    for (;;) {
      std::unique_ptr<tcp::socket> socket;
      {
        std::lock_guard lock(mutex_);
        auto it = idle_.find(endpoint);
        if (it == idle_.end() || it->second.empty()) return nullptr;
        Idle last = std::move(it->second.back());
        it->second.pop_back();
        if (Clock::now() - last.since > kPoolMaxIdle) continue;
        socket = std::move(last.socket);
      }
      if (still_idle(socket->native_handle())) return socket;
    }
  }

  void put(const tcp::endpoint& endpoint, std::unique_ptr<tcp::socket> socket) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    if (now - last_sweep_ > kPoolSweepEvery) sweep(now);
    auto& idle = idle_[endpoint];
    if (idle.size() < kPoolPerEndpoint) idle.push_back({std::move(socket), now});
  }

 private:
  struct Idle {
    std::unique_ptr<tcp::socket> socket;
    Clock::time_point since;
  };

  // Containers come and go: drop what nobody reused, so dead endpoints keep no descriptors.
  void sweep(Clock::time_point now) {
    last_sweep_ = now;
    for (auto it = idle_.begin(); it != idle_.end();) {
      std::erase_if(it->second, [&](const Idle& i) { return now - i.since > kPoolMaxIdle; });
      it = it->second.empty() ? idle_.erase(it) : std::next(it);
    }
  }

  std::mutex mutex_;
  std::map<tcp::endpoint, std::vector<Idle>> idle_;
  Clock::time_point last_sweep_ = Clock::now();
};

UpstreamPool& pool() {
  static auto* pool = new UpstreamPool;  // never destroyed, like upstream_context()
  return *pool;
}

// Blocking connect() has no timeout: connect without blocking and poll for the result.
std::unique_ptr<tcp::socket> connect_upstream(const tcp::endpoint& endpoint, Millis timeout,
                                              beast::error_code& ec) {
  auto socket = std::make_unique<tcp::socket>(upstream_context());
  socket->open(endpoint.protocol(), ec);
  if (ec) return nullptr;
  const int fd = socket->native_handle();
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);  // child processes must not hold upstream connections
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  if (::connect(fd, endpoint.data(), endpoint.size()) < 0) {
    if (errno != EINPROGRESS) {
      ec = {errno, boost::system::system_category()};
      return nullptr;
    }
    if ((ec = wait_ready(fd, POLLOUT, timeout))) return nullptr;
    int error = 0;
    socklen_t len = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) {
      ec = {error, boost::system::system_category()};
      return nullptr;
    }
  }
  ::fcntl(fd, F_SETFL, flags);
  socket->set_option(tcp::no_delay(true), ec);
  ec = {};
  return socket;
}

bool has_token(std::string_view list, std::string_view token) {
  for (auto item : http::token_list{list})
    if (beast::iequals(item, token)) return true;
  return false;
}

// Hop-by-hop fields describe one connection, not the message (RFC 9110 section 7.6.1). Fields
// that Connection names are left alone, as nginx does: a client naming Content-Length there
// must not change how the upstream frames the body.
template <bool isRequest>
void drop_hop_by_hop(http::header<isRequest>& header, bool keep_upgrade) {
  for (auto field :
       {http::field::connection, http::field::keep_alive, http::field::proxy_connection,
        http::field::proxy_authorization, http::field::proxy_authenticate, http::field::te,
        http::field::trailer, http::field::transfer_encoding})
    header.erase(field);
  if (!keep_upgrade) header.erase(http::field::upgrade);
}

bool status_has_no_body(unsigned status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

http::request<http::buffer_body> upstream_request(Exchange& ex, const tcp::endpoint& upstream,
                                                  bool upgrade, const ProxyOptions& options) {
  const RequestHeader& in = ex.request();
  http::request<http::buffer_body> out(in);
  out.version(11);  // HTTP/1.1 upstream whatever the client speaks, for keep-alive
  drop_hop_by_hop(out, upgrade);
  // Exchange::read_body answers "100-continue" itself, when the body is read.
  out.erase(http::field::expect);
  if (upgrade) out.set(http::field::connection, "Upgrade");
  if (ex.parser().chunked()) {
    out.erase(http::field::content_length);  // chunked wins (RFC 9112 section 6.3)
    out.chunked(true);
  }
  std::string forwarded_for(in["X-Forwarded-For"]);
  if (!forwarded_for.empty()) forwarded_for += ", ";
  forwarded_for += ex.remote_address();
  out.set("X-Forwarded-For", forwarded_for);
  out.set("X-Forwarded-Proto", options.forwarded_proto);
  if (auto host = in[http::field::host]; !host.empty()) {
    out.set("X-Forwarded-Host", host);
  } else {
    // An HTTP/1.0 client may send no Host; HTTP/1.1 servers refuse requests without one.
    std::ostringstream address;
    address << upstream;
    out.set(http::field::host, address.str());
  }
  return out;
}

// Sends the request header and streams the client's body after it. Upstream write errors
// land in `ec`; client read errors throw (from Exchange::read_body).
void send_request(Exchange& ex, TimedStream& upstream, http::request<http::buffer_body>& request,
                  beast::error_code& ec) {
  http::request_serializer<http::buffer_body> serializer(request);
  auto& body = request.body();
  body.data = nullptr;
  body.size = 0;
  body.more = !ex.body_done();
  if (!body.more) {
    http::write(upstream, serializer, ec);
    return;
  }
  // Body bytes that came with the header go out with it, in one write. Otherwise the header
  // goes first: the client may wait for an answer before it sends more.
  if (ex.buffer().size() == 0) {
    http::write_header(upstream, serializer, ec);
    if (ec) return;
  }
  char chunk[kChunkSize];
  for (;;) {
    std::size_t n = ex.read_body(chunk, sizeof chunk);
    body.data = n != 0 ? chunk : nullptr;
    body.size = n;
    body.more = !ex.body_done();
    http::write(upstream, serializer, ec);
    if (ec == http::error::need_buffer) ec = {};
    if (ec || !body.more) return;
  }
}

// Reads the upstream's response header, passing over interim 1xx responses (100 Continue,
// 103 Early Hints) but not 101, which ends HTTP on the connection.
void read_response_header(TimedStream& upstream, beast::flat_buffer& buffer,
                          std::optional<ResponseParser>& parser, bool head, beast::error_code& ec) {
  for (;;) {
    parser.emplace();
    parser->header_limit(kResponseHeaderLimit);
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());  // not none: see http_server
    parser->skip(head);  // a response to HEAD has no body, whatever its header says
    http::read_header(upstream, buffer, *parser, ec);
    if (ec) return;
    const unsigned status = parser->get().result_int();
    if (status / 100 != 1 || status == 101) return;
  }
}

// A small page for a browser that opened the Space while its app is down or slow.
void answer_gateway_error(Exchange& ex, http::status status, const std::string& detail) {
  std::string title = std::to_string(static_cast<unsigned>(status)) + " " +
                      std::string(http::obsolete_reason(status));
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
                     "</title></head>\n<body><h1>" + title + "</h1>\n<p>" + html_escape(detail) +
                     "</p></body></html>\n";
  try {
    ex.respond(status, "text/html; charset=utf-8", std::move(page));
  } catch (const boost::system::system_error&) {
    ex.close_after();  // the client is gone
  }
}

// The client went away (or the server is stopping): nothing more goes to it.
void abandon(Exchange& ex) {
  ex.mark_responded();
  ex.close_after();
}

// Writes everything in `pending` to `to`; false on failure.
bool flush_pending(beast::flat_buffer& pending, tcp::socket& to, Millis timeout) {
  if (pending.size() == 0) return true;
  TimedStream stream(to, timeout, timeout);
  beast::error_code ec;
  boost::asio::write(stream, pending.data(), ec);
  pending.consume(pending.size());
  return !ec;
}

// After a 101: copies raw bytes both ways until both sides have finished sending, either side
// fails, or nothing moves for `idle`. Bytes read past the HTTP headers on either side go first.
void relay(tcp::socket& client, beast::flat_buffer& client_pending, tcp::socket& upstream,
           beast::flat_buffer& upstream_pending, Millis idle) {
  if (!flush_pending(client_pending, upstream, idle)) return;
  if (!flush_pending(upstream_pending, client, idle)) return;
  struct Direction {
    tcp::socket& from;
    tcp::socket& to;
    bool open = true;
  };
  Direction directions[2] = {{client, upstream}, {upstream, client}};
  char chunk[kChunkSize];
  while (directions[0].open || directions[1].open) {
    pollfd fds[2];
    for (int i = 0; i < 2; ++i)
      fds[i] = {directions[i].open ? directions[i].from.native_handle() : -1, POLLIN, 0};
    int n = ::poll(fds, 2, static_cast<int>(idle.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // idle too long, or poll failed
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      Direction& d = directions[i];
      ssize_t got = ::recv(d.from.native_handle(), chunk, sizeof chunk, MSG_DONTWAIT);
      if (got > 0) {
        TimedStream to(d.to, idle, idle);
        beast::error_code ec;
        boost::asio::write(to, boost::asio::buffer(chunk, static_cast<std::size_t>(got)), ec);
        if (ec) return;
      } else if (got == 0) {
        d.open = false;  // pass the half-close on; the other direction may go on
        ::shutdown(d.to.native_handle(), SHUT_WR);
      } else if (errno != EAGAIN && errno != EINTR) {
        return;
      }
    }
    // Both ways shut on the client: the server is stopping, or the client reset.
    if (fds[0].revents & (POLLHUP | POLLERR)) return;
  }
}

}  // namespace

bool is_upgrade_request(const RequestHeader& request) {
  return request.version() >= 11 && has_token(request[http::field::connection], "upgrade") &&
         !request[http::field::upgrade].empty();
}

void proxy_request(Exchange& ex, const tcp::endpoint& upstream, const ProxyOptions& options) {
  const bool upgrade = is_upgrade_request(ex.request());
  const bool head = ex.request().method() == http::verb::head;
  const int client_fd = ex.socket().native_handle();
  const std::string app = "The app on port " + std::to_string(upstream.port());
  auto request = upstream_request(ex, upstream, upgrade, options);
  // Only a request whose body was not consumed can be sent again on a fresh connection.
  const bool replayable = ex.body_done();

  std::unique_ptr<tcp::socket> socket;
  beast::flat_buffer buffer;
  std::optional<ResponseParser> parser;
  bool request_sent = false;
  for (bool first_try = true;; first_try = false) {
    beast::error_code ec;
    socket = first_try ? pool().take(upstream) : nullptr;
    const bool pooled = socket != nullptr;
    if (!socket) {
      socket = connect_upstream(upstream, options.connect_timeout, ec);
      if (ec == boost::asio::error::connection_refused) {
        return answer_gateway_error(ex, http::status::bad_gateway,
                                    app + " refused the connection: is the app listening on it?");
      }
      if (ec == boost::asio::error::timed_out) {
        return answer_gateway_error(ex, http::status::bad_gateway,
                                    app + " did not accept a connection within " +
                                        std::to_string(options.connect_timeout.count()) + " s.");
      }
      if (ec) {
        return answer_gateway_error(ex, http::status::bad_gateway,
                                    app + " cannot be reached: " + ec.message() + ".");
      }
    }
    buffer.clear();

    TimedStream to_upstream(*socket, options.response_timeout, options.idle_timeout);
    to_upstream.watch(client_fd);
    try {
      send_request(ex, to_upstream, request, ec);
    } catch (const boost::system::system_error& e) {
      if (e.code().category() == http::make_error_code(http::error::bad_chunk).category()) {
        return answer_gateway_error(ex, http::status::bad_request,
                                    "The request body is malformed: " + e.code().message() + ".");
      }
      return abandon(ex);  // the client went away while sending its body
    }
    // A failed write may still have a response behind it (an early 413): read it either way.
    request_sent = !ec;
    if (ec == boost::asio::error::connection_aborted) return abandon(ex);

    TimedStream from_upstream(*socket, options.response_timeout, options.idle_timeout);
    from_upstream.watch(client_fd);
    from_upstream.set_deadline(Clock::now() + options.response_timeout);
    read_response_header(from_upstream, buffer, parser, head, ec);
    if (!ec) break;
    // A pooled connection the upstream closed as we reused it: once more on a fresh one.
    if (pooled && replayable && !parser->got_some() && buffer.size() == 0 &&
        ec != boost::asio::error::timed_out && ec != boost::asio::error::connection_aborted)
      continue;
    if (ec == boost::asio::error::connection_aborted) return abandon(ex);
    if (ec == boost::asio::error::timed_out) {
      return answer_gateway_error(ex, http::status::gateway_timeout,
                                  app + " did not answer within " +
                                      std::to_string(options.response_timeout.count()) + " s.");
    }
    if (!parser->got_some()) {
      return answer_gateway_error(ex, http::status::bad_gateway,
                                  app + " closed the connection without answering.");
    }
    return answer_gateway_error(ex, http::status::bad_gateway,
                                app + " sent a malformed response: " + ec.message() + ".");
  }

  const unsigned status = parser->get().result_int();
  TimedStream to_client(ex.socket(), options.idle_timeout, options.idle_timeout);
  beast::error_code ec;

  if (status == 101) {
    if (!upgrade) {
      return answer_gateway_error(ex, http::status::bad_gateway,
                                  app + " switched protocols on a request that asked for none.");
    }
    // The 101 keeps its Connection and Upgrade fields: they are the answer.
    http::response<http::empty_body> response(parser->get().base());
    http::response_serializer<http::empty_body> serializer(response);
    abandon(ex);  // the connection is no longer HTTP
    http::write_header(to_client, serializer, ec);
    if (!ec) relay(ex.socket(), ex.buffer(), *socket, buffer, options.idle_timeout);
    return;
  }

  ResponseHeader header = parser->get().base();
  const bool no_body = head || status_has_no_body(status);
  drop_hop_by_hop(header, false);
  header.version(ex.request().version() >= 11 ? 11 : 10);
  bool chunked = false;
  if (!no_body && !parser->content_length()) {
    // Chunked or delimited by the upstream's close: chunks for an HTTP/1.1 client, the close
    // for an HTTP/1.0 one.
    header.erase(http::field::content_length);
    if (ex.request().version() >= 11) {
      chunked = true;
    } else {
      ex.close_after();
    }
  }
  // A body left unread would be parsed as the next request.
  if (!ex.body_done()) ex.close_after();
  http::response<http::buffer_body> response(std::move(header));
  if (chunked) response.chunked(true);
  response.keep_alive(ex.keep_alive());
  http::response_serializer<http::buffer_body> serializer(response);
  ex.mark_responded();

  bool upstream_ok = true;
  if (no_body) {
    http::write_header(to_client, serializer, ec);
  } else {
    auto& in = parser->get().body();
    auto& out = response.body();
    out.data = nullptr;
    out.more = true;
    // An event stream's header must not wait for its first event; otherwise header and the
    // first body bytes leave in one write.
    if (buffer.size() == 0 && !parser->is_done()) http::write_header(to_client, serializer, ec);
    TimedStream body_stream(*socket, options.idle_timeout, options.idle_timeout);
    body_stream.watch(client_fd);
    char chunk[kChunkSize];
    while (!ec) {
      std::size_t n = 0;
      if (!parser->is_done()) {
        in.data = chunk;
        in.size = sizeof chunk;
        beast::error_code read_ec;
        http::read_some(body_stream, buffer, *parser, read_ec);
        if (read_ec && read_ec != http::error::need_buffer) {
          upstream_ok = false;  // the response stops short; the close tells the client
          break;
        }
        n = sizeof chunk - in.size;
        if (n == 0 && !parser->is_done()) continue;
      }
      // Each piece goes out at once: events and log lines must not wait for more.
      out.data = n != 0 ? chunk : nullptr;
      out.size = n;
      out.more = !parser->is_done();
      http::write(to_client, serializer, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (!out.more) break;
    }
  }
  if (ec || !upstream_ok) {
    ex.close_after();
    return;
  }
  if (request_sent && parser->is_done() && !parser->need_eof() && parser->get().keep_alive() &&
      buffer.size() == 0)
    pool().put(upstream, std::move(socket));
}

}  // namespace berth::server
