#pragma once
// The HTTP/1.1 server under `berth serve`: one listening socket and two ways to serve a
// request.
//
// - Event loops (one thread each, half the CPUs by default) accept connections and read every
//   request header. A request the router sends to a Space's app is proxied right there,
//   with coroutines over Beast's asynchronous API (reverse_proxy.hpp): that is the hot path,
//   and it costs no thread.
// - Any other request (the API, git, log streams, error pages) moves its connection to a
//   thread of its own, where the handler runs with blocking I/O and may take as long as it
//   needs (exchange.hpp). Such a connection stays on its thread, unless the router asked for
//   it back on the loop after the answer (a Space's host, whose next request may be proxied).
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/http/address_limit.hpp"
#include "server/http/client_connection.hpp"
#include "server/http/exchange.hpp"
#include "server/http/reverse_proxy.hpp"

namespace berth::server {

class HttpServer {
 public:
  struct Options {
    tcp::endpoint listen;
    // How long a kept-alive connection may wait for its next request.
    std::chrono::seconds idle_timeout{75};
    // How long a client may take to send the rest of a request header once it began.
    std::chrono::seconds header_timeout{30};
    std::size_t header_limit = 64 * 1024;
    // More connections than this are answered 503 and closed.
    std::size_t max_connections = 4096;
    // The same, per client address (AddressLimit); 0: no limit.
    std::size_t max_connections_per_address = 256;
    // Event-loop threads; 0: half the CPUs (at least one).
    unsigned event_loops = 0;
    ProxyOptions proxy;
  };
  // Called on the connection's thread for each request. It may block and may read the body.
  // If it sends no response the server answers 500; if it throws PayloadTooLarge, 413; if it
  // throws another std::exception, 500 with the message (or a close, once a response began).
  using Handler = std::function<void(Exchange&)>;

  // Where a request goes, as the router decides on the event loop.
  struct Dispatch {
    // Proxy the request to this app.
    std::optional<tcp::endpoint> proxy_to;
    // Otherwise the handler answers it on a thread; then the connection comes back to the
    // event loop if this is set, and stays on its thread if not.
    bool back_to_loop = false;
    // Without proxy_to: ask the router again in a few milliseconds, until this time (a Space
    // waking up); only then does the handler answer. The wait costs no thread.
    std::optional<std::chrono::steady_clock::time_point> retry_until;
    // Kept while the request is proxied, its response and any upgraded stream included (the
    // Space's activity count).
    std::shared_ptr<void> hold;
  };
  // Runs on an event-loop thread, so it must not wait on anything slow.
  using Router = std::function<Dispatch(const RequestHeader&)>;

  // Binds and listens; throws berth::Error naming the address ("listen 0.0.0.0:8080: ...").
  // Without a router every request goes to the handler.
  HttpServer(Options options, Handler handler, Router router = {});
  // Stops (see stop). Call it after run() returned, if run() was called on another thread.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (useful when Options::listen has port 0).
  std::uint16_t port() const { return port_; }

  // Serves until stop(); returns at once if stop() came first. The calling thread runs the
  // first event loop.
  void run();
  // Thread-safe; not from a handler. Stops accepting, ends every connection, and returns once
  // all of them are gone. run() then returns.
  void stop();

 private:
  struct Loop;
  struct Connection;

  Task<void> accept_loop();
  // Cancels the loop's operations that ran past their deadline (loop_io.hpp).
  Task<void> watchdog(Loop& loop);
  Task<void> session(Loop& loop, std::unique_ptr<ClientConnection> client);
  // The router's answer, asked again while it says to retry (a Space waking up).
  Task<Dispatch> dispatch(Loop& loop, const RequestHeader& request);
  // Moves a connection whose request the handler answers to a thread of its own.
  void hand_to_thread(Loop& loop, std::unique_ptr<ClientConnection> client,
                      std::unique_ptr<RequestParser> request, bool back_to_loop);
  void serve_on_thread(Connection& connection);
  // Runs the handler for one request and maps its failures to responses.
  void handle(Exchange& exchange);
  // Called last on a connection's thread: closes its socket, unless it went back to the
  // loop, and hands the thread to the reaper.
  void finish(Connection* connection);
  // Joins the threads of finished connections.
  void reap();
  void connection_closed();

  Options options_;
  // Before the loops: connections still held by a loop's coroutines give their slots back.
  AddressLimit per_address_;
  Handler handler_;
  Router router_;
  std::vector<std::unique_ptr<Loop>> loops_;
  boost::asio::basic_socket_acceptor<tcp, LoopExecutor> acceptor_;  // on the first loop
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_ = false;
  // Every open client connection, on a loop or on a thread; for max_connections and stop().
  std::atomic<std::size_t> open_connections_ = 0;

  std::mutex mutex_;  // guards the fields below, and socket shutdown/close against each other
  std::condition_variable all_closed_;
  bool running_ = false;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> threads_;
  std::vector<std::unique_ptr<Connection>> finished_;
  std::mutex reap_mutex_;  // one reaper at a time, so stop() knows every thread was joined
};

}  // namespace berth::server
