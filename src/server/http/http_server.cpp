#include "server/http/http_server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/address_v4.hpp>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>

#include "base/error.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server {

struct HttpServer::Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  std::thread thread;
};

namespace {

using namespace std::chrono_literals;

// Body bytes the server reads and discards after a handler that left some unread, to keep the
// connection alive; past this it closes instead.
constexpr std::size_t kDrainLimit = 256 * 1024;

std::string endpoint_string(const tcp::endpoint& endpoint) {
  std::ostringstream out;
  out << endpoint;  // "[::1]:80" for IPv6
  return out.str();
}

// The peer's address as X-Forwarded-For wants it: plain IPv4 for v4-mapped IPv6 peers.
std::string remote_address_of(const tcp::socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "";
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .to_string();
  return address.to_string();
}

// Child processes (git http-backend) must not inherit client connections: a connection stays
// open for the client as long as any process holds it.
void set_cloexec(int fd) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

// A response for a request that never reached a handler (no Exchange exists); the connection
// closes after it. The client may be gone already, which only means nobody reads it.
void send_error_and_close(tcp::socket& socket, http::status status, std::string_view message) {
  http::response<http::string_body> response(status, 11);
  response.set(http::field::server, "berth");
  response.set(http::field::content_type, "application/json");
  response.keep_alive(false);
  response.body() = Json{{"error", std::string(message)}}.dump();
  response.prepare_payload();
  TimedStream stream(socket, 1s, 1s);
  beast::error_code ec;
  http::write(stream, response, ec);
}

// Closing a socket that holds unread request bytes makes the kernel send a reset, which can
// destroy the response still on its way to the client (a 413 for an upload, a 400). So shut our
// side down and read what the client still sends, for a short while, before closing.
void drain_before_close(tcp::socket& socket) {
  ::shutdown(socket.native_handle(), SHUT_WR);
  TimedStream stream(socket, 2s, 2s);
  stream.set_deadline(std::chrono::steady_clock::now() + 2s);
  char scratch[16 * 1024];
  std::size_t total = 0;
  beast::error_code ec;
  while (total < (1 << 20)) {
    total += stream.read_some(boost::asio::buffer(scratch), ec);
    if (ec) break;
  }
}

// The status for a request header that failed to parse; none when the client just went away
// or was too slow (then the connection closes without a word).
std::optional<http::status> status_for_read_error(const beast::error_code& ec) {
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  if (ec == http::error::header_limit) return http::status::request_header_fields_too_large;
  if (ec.category() == http::make_error_code(http::error::bad_method).category())
    return http::status::bad_request;
  return std::nullopt;
}

// Answers a failed request unless a response already began; then only closing the connection
// tells the client that the response was cut short.
void answer_failure(Exchange& exchange, http::status status, const std::string& message) {
  const bool began = exchange.responded();
  exchange.close_after();
  if (began) return;
  try {
    exchange.respond_error(status, message);
  } catch (const boost::system::system_error&) {
    // The client is gone; the connection closes either way.
  }
}

}  // namespace

HttpServer::HttpServer(Options options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)), acceptor_(io_) {
  beast::error_code ec;
  acceptor_.open(options_.listen.protocol(), ec);
  if (!ec) set_cloexec(acceptor_.native_handle());
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(options_.listen, ec);
  if (!ec) acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  // run() polls the listening socket together with wake_fd_, then accepts without blocking.
  if (!ec) acceptor_.non_blocking(true, ec);
  if (ec) throw Error("listen " + endpoint_string(options_.listen) + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw_errno("listen " + endpoint_string(options_.listen) + ": eventfd");
}

HttpServer::~HttpServer() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void HttpServer::wake() {
  std::uint64_t one = 1;
  // Fails only when the counter is saturated, and then the loop is awake anyway.
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void HttpServer::run() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    running_ = true;
  }
  pollfd fds[2] = {{acceptor_.native_handle(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno("http server: poll");
    }
    if (fds[1].revents & POLLIN) {
      std::uint64_t count;
      [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
    }
    reap();
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    if (fds[0].revents != 0) accept_one();
  }
  std::lock_guard lock(mutex_);
  running_ = false;
  beast::error_code ec;
  acceptor_.close(ec);
}

void HttpServer::stop() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  beast::error_code ec;
  // run() closes the acceptor itself when it is running: closing it here would race its poll.
  if (!running_) acceptor_.close(ec);
  // Every blocked read or write on these sockets returns, and each connection thread ends.
  for (auto& [raw, connection] : live_) ::shutdown(connection->socket.native_handle(), SHUT_RDWR);
  wake();
  all_finished_.wait(lock, [this] { return live_.empty(); });
  lock.unlock();
  reap();
}

void HttpServer::accept_one() {
  tcp::socket socket(io_);
  beast::error_code ec;
  acceptor_.accept(socket, ec);
  if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again ||
      ec == boost::asio::error::connection_aborted)
    return;
  if (ec) {
    // Out of descriptors or memory: the client waits in the backlog; do not spin on it.
    fmt::print(stderr, "berth serve: accept on port {}: {}\n", port_, ec.message());
    std::this_thread::sleep_for(100ms);
    return;
  }
  set_cloexec(socket.native_handle());
  socket.set_option(tcp::no_delay(true), ec);

  std::unique_lock lock(mutex_);
  if (stopping_) return;
  if (live_.size() >= options_.max_connections) {
    lock.unlock();
    send_error_and_close(socket, http::status::service_unavailable,
                         "the server is at its limit of " +
                             std::to_string(options_.max_connections) + " connections");
    ::shutdown(socket.native_handle(), SHUT_WR);
    return;
  }
  auto owned = std::make_unique<Connection>(std::move(socket));
  Connection* connection = owned.get();
  live_.emplace(connection, std::move(owned));
  try {
    // The thread's last act, finish(), takes mutex_, so it cannot run before this assignment.
    connection->thread = std::thread([this, connection] {
      try {
        serve(*connection);
      } catch (const std::exception& e) {
        fmt::print(stderr, "berth serve: connection dropped: {}\n", e.what());
      }
      finish(connection);
    });
  } catch (const std::system_error& e) {
    auto node = live_.extract(connection);
    lock.unlock();
    send_error_and_close(node.mapped()->socket, http::status::service_unavailable,
                         std::string("cannot start a connection thread: ") + e.what());
  }
}

void HttpServer::finish(Connection* connection) {
  std::lock_guard lock(mutex_);
  beast::error_code ec;
  connection->socket.close(ec);
  auto node = live_.extract(connection);
  finished_.push_back(std::move(node.mapped()));
  if (live_.empty()) all_finished_.notify_all();
  wake();
}

void HttpServer::reap() {
  std::lock_guard reaping(reap_mutex_);
  std::vector<std::unique_ptr<Connection>> done;
  {
    std::lock_guard lock(mutex_);
    done.swap(finished_);
  }
  for (auto& connection : done) connection->thread.join();
}

void HttpServer::serve(Connection& connection) {
  tcp::socket& socket = connection.socket;
  const int fd = socket.native_handle();
  const std::string remote = remote_address_of(socket);
  const Millis idle = options_.idle_timeout;
  const Millis header_timeout = options_.header_timeout;
  // Handlers' body reads and all response writes find these through TimedStream::for_socket.
  set_socket_timeouts(socket, idle, idle);

  beast::flat_buffer buffer;
  bool linger = false;
  for (;;) {
    // Between requests: wait for the next one to begin, or drop the idle connection.
    if (buffer.size() == 0 && wait_ready(fd, POLLIN, idle)) break;

    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options_.header_limit, std::numeric_limits<std::uint32_t>::max())));
    // Handlers stream bodies and set their own limits. Not boost::none: Beast 1.74 compares
    // Content-Length with the empty optional and refuses every body.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::error_code ec;
    TimedStream header_stream(socket, header_timeout, header_timeout);
    header_stream.set_deadline(std::chrono::steady_clock::now() + header_timeout);
    http::read_header(header_stream, buffer, parser, ec);
    if (ec) {
      if (auto status = status_for_read_error(ec)) {
        send_error_and_close(socket, *status, "malformed request: " + ec.message());
        linger = true;
      }
      break;
    }

    Exchange exchange(socket, buffer, parser, remote);
    handle(exchange);

    // Whatever body the handler left unread would be parsed as the next request.
    if (exchange.keep_alive() && !exchange.body_done()) {
      char scratch[16 * 1024];
      std::size_t drained = 0;
      try {
        while (drained <= kDrainLimit && !exchange.body_done())
          drained += exchange.read_body(scratch, sizeof scratch);
      } catch (const boost::system::system_error&) {
        break;  // the client went away
      }
      if (!exchange.body_done()) exchange.close_after();
    }
    if (!exchange.keep_alive()) {
      linger = !exchange.body_done();
      break;
    }
  }
  if (linger) drain_before_close(socket);
}

void HttpServer::handle(Exchange& exchange) {
  try {
    handler_(exchange);
    if (!exchange.responded())
      exchange.respond_error(http::status::internal_server_error, "the handler sent no response");
  } catch (const PayloadTooLarge& e) {
    answer_failure(exchange, http::status::payload_too_large, e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "berth serve: {} {}: {}\n",
               std::string_view(exchange.request().method_string()),
               std::string_view(exchange.request().target()), e.what());
    answer_failure(exchange, http::status::internal_server_error, e.what());
  }
}

}  // namespace berth::server
