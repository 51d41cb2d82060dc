#include "server/http/http_server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "base/error.hpp"
#include "server/http/request_checks.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server {

namespace asio = boost::asio;

// One event loop: an io_context run by one thread, and what only that thread touches.
struct HttpServer::Loop {
  Loop() : io(1), work(asio::make_work_guard(io)), tick(io.get_executor()) {}
  asio::io_context io;
  // Keeps the loop running while it has no connection, until stop().
  asio::executor_work_guard<asio::io_context::executor_type> work;
  LoopTimer tick;      // the watchdog's
  std::thread thread;  // none for the first loop: run()'s caller runs it
  UpstreamPool pool;
  std::unordered_set<ClientConnection*> sessions;
};

// A connection served on a thread of its own.
struct HttpServer::Connection {
  std::unique_ptr<ClientConnection> client;  // null once it went back to its loop
  std::unique_ptr<RequestParser> first;      // the request the loop read and handed over
  Loop* loop = nullptr;
  bool back_to_loop = false;
  std::thread thread;
};

namespace {

using namespace std::chrono_literals;

// Body bytes the server reads and discards after a handler that left some unread, to keep the
// connection alive; past this it closes instead.
constexpr std::size_t kDrainLimit = 256 * 1024;
// What a client may still send after an error answer before the connection closes anyway.
constexpr std::size_t kLingerLimit = 1 << 20;
constexpr auto kLingerTime = 2s;
// How often each loop's watchdog looks for operations past their deadline: timeouts fire up
// to this much late.
constexpr auto kWatchdogPeriod = 200ms;

std::string endpoint_string(const tcp::endpoint& endpoint) {
  std::ostringstream out;
  out << endpoint;  // "[::1]:80" for IPv6
  return out.str();
}

// The peer's address as X-Forwarded-For wants it: plain IPv4 for v4-mapped IPv6 peers.
std::string remote_address_of(const LoopSocket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "";
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

// Child processes (git http-backend) must not inherit client connections: a connection stays
// open for the client as long as any process holds it.
void set_cloexec(int fd) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

http::response<http::string_body> error_response(http::status status, std::string_view message) {
  http::response<http::string_body> response(status, 11);
  response.set(http::field::server, "berth");
  response.set(http::field::content_type, "application/json");
  response.keep_alive(false);
  response.body() = Json{{"error", std::string(message)}}.dump();
  response.prepare_payload();
  return response;
}

// A response for a request that never reached a handler; the connection closes after it.
// The client may be gone already, which only means nobody reads it.
void send_error_and_close(LoopSocket& socket, http::status status, std::string_view message) {
  auto response = error_response(status, message);
  TimedStream stream(socket, 1s, 1s);
  beast::error_code ec;
  http::write(stream, response, ec);
  ::shutdown(socket.native_handle(), SHUT_WR);
}

// Closing a socket that holds unread request bytes makes the kernel send a reset, which can
// destroy the response still on its way to the client (a 413 for an upload, a 400). So shut our
// side down and read what the client still sends, for a short while, before closing.
void drain_before_close(LoopSocket& socket) {
  ::shutdown(socket.native_handle(), SHUT_WR);
  TimedStream stream(socket, kLingerTime, kLingerTime);
  stream.set_deadline(std::chrono::steady_clock::now() + kLingerTime);
  char scratch[16 * 1024];
  std::size_t total = 0;
  beast::error_code ec;
  while (total < kLingerLimit) {
    total += stream.read_some(asio::buffer(scratch), ec);
    if (ec) break;
  }
}

// The same, on an event loop, after an error answer to a request it could not parse.
Task<void> answer_and_linger(ClientConnection& client, http::status status, std::string message) {
  auto response = error_response(status, message);
  http::response_serializer<http::string_body> serializer(response);
  LoopConnection& connection = client.downstream;
  beast::error_code ec;
  connection.deadline.arm(kLingerTime);
  co_await http::async_write(connection.socket, serializer, into(ec));
  if (connection.deadline.disarm(ec)) co_return;
  connection.socket.shutdown(LoopSocket::shutdown_send, ec);
  char* scratch = client.scratch(16 * 1024);
  std::size_t total = 0;
  connection.deadline.arm(kLingerTime);  // for all the reads together
  while (total < kLingerLimit && !ec)
    total += co_await connection.socket.async_read_some(asio::buffer(scratch, 16 * 1024), into(ec));
  connection.deadline.disarm(ec);
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

// Whether `e` says the client went away during a response (a closed tab's event stream, a git
// client that gave up): how streams end, not a server error worth a line in the log.
bool client_left(const Exchange& exchange, const std::exception& e) {
  const auto* failure = dynamic_cast<const boost::system::system_error*>(&e);
  return exchange.responded() && failure &&
         (failure->code() == boost::asio::error::broken_pipe ||
          failure->code() == boost::asio::error::connection_reset);
}

std::unique_ptr<RequestParser> new_request_parser(std::size_t header_limit) {
  auto parser = std::make_unique<RequestParser>();
  parser->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(header_limit, std::numeric_limits<std::uint32_t>::max())));
  // Handlers stream bodies and set their own limits. Not boost::none: Beast 1.74 compares
  // Content-Length with the empty optional and refuses every body.
  parser->body_limit(std::numeric_limits<std::uint64_t>::max());
  return parser;
}

}  // namespace

HttpServer::HttpServer(Options options, Handler handler, Router router)
    : options_(std::move(options)),
      per_address_(options_.max_connections_per_address),
      handler_(std::move(handler)),
      router_(std::move(router)),
      loops_([&] {
        // Half the CPUs by default: the apps the loops proxy to run on the same machine, and
        // on a small one a second loop costs more in wake-ups than it gains (bench/spaces.sh).
        unsigned count = options_.event_loops != 0
                             ? options_.event_loops
                             : std::max(1u, std::thread::hardware_concurrency() / 2);
        std::vector<std::unique_ptr<Loop>> loops;
        for (unsigned i = 0; i < count; ++i) loops.push_back(std::make_unique<Loop>());
        return loops;
      }()),
      acceptor_(loops_.front()->io) {
  beast::error_code ec;
  acceptor_.open(options_.listen.protocol(), ec);
  if (!ec) set_cloexec(acceptor_.native_handle());
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(options_.listen, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw Error("listen " + endpoint_string(options_.listen) + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::run() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    running_ = true;
  }
  for (std::size_t i = 1; i < loops_.size(); ++i) {
    Loop* loop = loops_[i].get();
    loop->thread = std::thread([loop] { loop->io.run(); });
  }
  for (auto& loop : loops_) asio::co_spawn(loop->io, watchdog(*loop), asio::detached);
  asio::co_spawn(loops_.front()->io, accept_loop(), asio::detached);
  loops_.front()->io.run();
  for (std::size_t i = 1; i < loops_.size(); ++i) loops_[i]->thread.join();
  std::lock_guard lock(mutex_);
  running_ = false;
}

void HttpServer::stop() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  beast::error_code ec;
  if (!running_) {
    acceptor_.close(ec);
  } else {
    // The acceptor and the loops' connections belong to their loops' threads.
    asio::post(loops_.front()->io, [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    for (auto& loop : loops_) {
      asio::post(loop->io, [loop = loop.get()] {
        for (ClientConnection* client : loop->sessions) client->close();
        loop->pool.clear();
        loop->tick.cancel();
      });
    }
  }
  // Every blocked read or write on these sockets returns, and each connection thread ends.
  for (auto& [raw, connection] : threads_) {
    if (connection->client)
      ::shutdown(connection->client->downstream.socket.native_handle(), SHUT_RDWR);
  }
  all_closed_.wait(lock, [this] { return open_connections_ == 0; });
  for (auto& loop : loops_) loop->work.reset();  // each loop returns once its work is done
  lock.unlock();
  reap();
}

void HttpServer::connection_closed() {
  std::lock_guard lock(mutex_);
  if (--open_connections_ == 0) all_closed_.notify_all();
}

Task<void> HttpServer::watchdog(Loop& loop) {
  while (!stopping_) {
    // Without a connection there is no deadline to watch: it sleeps until session() brings
    // one (and cancels this wait), so an idle server's loops do not wake 5 times a second.
    if (loop.sessions.empty()) {
      loop.tick.expires_at(LoopTimer::time_point::max());
    } else {
      loop.tick.expires_after(kWatchdogPeriod);
    }
    beast::error_code ec;
    co_await loop.tick.async_wait(into(ec));
    const auto now = Deadline::Clock::now();
    for (ClientConnection* client : loop.sessions) client->check_deadlines(now);
  }
}

Task<void> HttpServer::accept_loop() {
  std::size_t next = 0;
  for (;;) {
    Loop& loop = *loops_[next++ % loops_.size()];
    beast::error_code ec;
    LoopSocket socket = co_await acceptor_.async_accept(loop.io, into(ec));
    if (stopping_ || ec == asio::error::operation_aborted) break;
    if (ec == asio::error::connection_aborted) continue;
    if (ec) {
      // Out of descriptors or memory: the client waits in the backlog; do not spin on it.
      fmt::print(stderr, "berth serve: accept on port {}: {}\n", port_, ec.message());
      LoopTimer pause(loops_.front()->io.get_executor(), 100ms);
      co_await pause.async_wait(into(ec));
      continue;
    }
    set_cloexec(socket.native_handle());
    socket.set_option(tcp::no_delay(true), ec);
    if (open_connections_ >= options_.max_connections) {
      // A small answer into a fresh socket's empty send buffer: it does not block.
      send_error_and_close(socket, http::status::service_unavailable,
                           "the server is at its limit of " +
                               std::to_string(options_.max_connections) + " connections");
      continue;
    }
    beast::error_code peer_ec;
    const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    if (peer_ec) continue;  // the client is gone already
    auto slot = per_address_.acquire(peer.address());
    if (!slot) {
      send_error_and_close(socket, http::status::service_unavailable,
                           "too many connections from " + AddressLimit::key_of(peer.address()) +
                               ": the limit is " + std::to_string(per_address_.limit()));
      continue;
    }
    ++open_connections_;
    std::string remote = remote_address_of(socket);
    auto client =
        std::make_unique<ClientConnection>(std::move(socket), std::move(remote), std::move(*slot));
    asio::co_spawn(loop.io, session(loop, std::move(client)), asio::detached);
  }
}

Task<HttpServer::Dispatch> HttpServer::dispatch(Loop& loop, const RequestHeader& request) {
  if (!router_) co_return Dispatch{};
  // A Space thaws in tens of milliseconds and starts in hundreds: ask often at first.
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    Dispatch dispatch;
    try {
      dispatch = router_(request);
    } catch (const std::exception& e) {
      // The handler answers instead, and reports the same failure to the client.
      fmt::print(stderr, "berth serve: routing {}: {}\n", std::string_view(request.target()),
                 e.what());
      co_return Dispatch{};
    }
    if (dispatch.proxy_to || !dispatch.retry_until || stopping_ ||
        std::chrono::steady_clock::now() >= *dispatch.retry_until) {
      co_return dispatch;
    }
    LoopTimer timer(loop.io);
    timer.expires_after(pause);
    beast::error_code ec;
    co_await timer.async_wait(into(ec));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

Task<void> HttpServer::session(Loop& loop, std::unique_ptr<ClientConnection> client) {
  if (loop.sessions.empty()) loop.tick.cancel();  // the watchdog sleeps: it has work again
  loop.sessions.insert(client.get());
  try {
    while (!stopping_) {
      auto request = new_request_parser(options_.header_limit);
      beast::error_code ec;
      // Between requests the connection may idle; once a request began, its header must come
      // within header_timeout.
      const Millis wait = client->buffer.size() == 0 ? Millis(options_.idle_timeout)
                                                     : Millis(options_.header_timeout);
      co_await read_header(client->downstream, client->buffer, *request, wait, ec);
      if (ec) {
        if (auto status = status_for_read_error(ec))
          co_await answer_and_linger(*client, *status, "malformed request: " + ec.message());
        break;
      }
      if (auto refusal = check_request(request->get().base())) {
        co_await answer_and_linger(*client, refusal->status, refusal->message);
        break;
      }
      Dispatch dispatch = co_await this->dispatch(loop, request->get().base());
      if (!dispatch.proxy_to) {
        loop.sessions.erase(client.get());
        hand_to_thread(loop, std::move(client), std::move(request), dispatch.back_to_loop);
        co_return;
      }
      // dispatch.hold lives until the response (or the upgraded stream) ends.
      if (!co_await proxy_request(*client, *request, *dispatch.proxy_to, loop.pool, options_.proxy))
        break;
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "berth serve: connection dropped: {}\n", e.what());
  }
  loop.sessions.erase(client.get());
  client->close();
  connection_closed();
}

void HttpServer::hand_to_thread(Loop& loop, std::unique_ptr<ClientConnection> client,
                                std::unique_ptr<RequestParser> request, bool back_to_loop) {
  auto owned = std::make_unique<Connection>();
  Connection* connection = owned.get();
  connection->client = std::move(client);
  connection->first = std::move(request);
  connection->loop = &loop;
  connection->back_to_loop = back_to_loop;
  std::unique_lock lock(mutex_);
  if (stopping_) {
    // stop() has shut the threads' connections down already: this one ends here.
    lock.unlock();
    connection->client->close();
    connection_closed();
    return;
  }
  threads_.emplace(connection, std::move(owned));
  try {
    // The thread's last act, finish(), takes mutex_, so it cannot run before this assignment.
    connection->thread = std::thread([this, connection] {
      try {
        serve_on_thread(*connection);
      } catch (const std::exception& e) {
        fmt::print(stderr, "berth serve: connection dropped: {}\n", e.what());
      }
      finish(connection);
    });
  } catch (const std::system_error& e) {
    auto node = threads_.extract(connection);
    lock.unlock();
    auto& socket = node.mapped()->client->downstream.socket;
    send_error_and_close(socket, http::status::service_unavailable,
                         std::string("cannot start a connection thread: ") + e.what());
    node.mapped()->client->close();
    connection_closed();
  }
}

void HttpServer::serve_on_thread(Connection& connection) {
  ClientConnection& client = *connection.client;
  LoopSocket& socket = client.downstream.socket;
  const Millis idle = options_.idle_timeout;
  // Handlers' body reads and all response writes find these through TimedStream::for_socket.
  set_socket_timeouts(socket, idle, idle);

  std::unique_ptr<RequestParser> parser = std::move(connection.first);
  bool linger = false;
  for (;;) {
    if (!parser) {
      parser = new_request_parser(options_.header_limit);
      const Millis wait = client.buffer.size() == 0 ? idle : Millis(options_.header_timeout);
      TimedStream header_stream(socket, wait, wait);
      header_stream.set_deadline(std::chrono::steady_clock::now() + wait);
      beast::error_code ec;
      http::read_header(header_stream, client.buffer, *parser, ec);
      if (ec) {
        if (auto status = status_for_read_error(ec)) {
          send_error_and_close(socket, *status, "malformed request: " + ec.message());
          linger = true;
        }
        break;
      }
      if (auto refusal = check_request(parser->get().base())) {
        send_error_and_close(socket, refusal->status, refusal->message);
        linger = true;
        break;
      }
    }

    Exchange exchange(socket, client.buffer, *parser, client.remote_address);
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
    parser.reset();
    if (connection.back_to_loop && !stopping_) {
      // The loop reads the next request: it may be for the app.
      Loop& loop = *connection.loop;
      asio::co_spawn(loop.io, session(loop, std::move(connection.client)), asio::detached);
      return;
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
    if (client_left(exchange, e)) {
      exchange.close_after();
      return;
    }
    fmt::print(stderr, "berth serve: {} {}: {}\n",
               std::string_view(exchange.request().method_string()),
               std::string_view(exchange.request().target()), e.what());
    answer_failure(exchange, http::status::internal_server_error, e.what());
  }
}

void HttpServer::finish(Connection* connection) {
  std::vector<std::unique_ptr<Connection>> done;
  {
    std::lock_guard lock(mutex_);
    const bool closes = connection->client != nullptr;
    if (closes) connection->client->close();
    // Threads that finished before this one are joined here, outside the lock.
    done.swap(finished_);
    finished_.push_back(std::move(threads_.extract(connection).mapped()));
    if (closes && --open_connections_ == 0) all_closed_.notify_all();
  }
  for (auto& previous : done) previous->thread.join();
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

}  // namespace berth::server
