#pragma once
// The HTTP/1.1 server under `berth serve`: one listening socket, one thread per client
// connection (blocking Beast/Asio, see exchange.hpp), keep-alive, and a handler per request.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/http/exchange.hpp"

namespace berth::server {

class HttpServer {
 public:
  struct Options {
    tcp::endpoint listen;
    // How long a kept-alive connection may wait for its next request.
    std::chrono::seconds idle_timeout{75};
    // How long a client may take to send a whole request header.
    std::chrono::seconds header_timeout{30};
    std::size_t header_limit = 64 * 1024;
    // More connections than this are answered 503 and closed.
    std::size_t max_connections = 4096;
  };
  // Called on the connection's thread for each request. It may block and may read the body.
  // If it sends no response the server answers 500; if it throws PayloadTooLarge, 413; if it
  // throws another std::exception, 500 with the message (or a close, once a response began).
  using Handler = std::function<void(Exchange&)>;

  // Binds and listens; throws berth::Error naming the address ("listen 0.0.0.0:8080: ...").
  HttpServer(Options options, Handler handler);
  // Stops (see stop). Call it after run() returned, if run() was called on another thread.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (useful when Options::listen has port 0).
  std::uint16_t port() const { return port_; }

  // Accepts connections until stop(); returns at once if stop() came first.
  void run();
  // Thread-safe; not from a handler. Stops accepting, shuts every client connection down, and
  // returns once all connection threads are joined. run() then returns.
  void stop();

 private:
  struct Connection;

  void accept_one();
  void serve(Connection& connection);
  // Runs the handler for one request and maps its failures to responses.
  void handle(Exchange& exchange);
  // Called last on a connection's thread: closes its socket and hands it to the reaper.
  void finish(Connection* connection);
  // Joins the threads of finished connections.
  void reap();
  void wake();

  Options options_;
  Handler handler_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  int wake_fd_ = -1;  // eventfd: stop() and finished connections wake the accept loop

  std::mutex mutex_;  // guards the fields below, and socket shutdown/close against each other
  std::condition_variable all_finished_;
  bool stopping_ = false;
  bool running_ = false;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> live_;
  std::vector<std::unique_ptr<Connection>> finished_;
  std::mutex reap_mutex_;  // one reaper at a time, so stop() knows every thread was joined
};

}  // namespace berth::server
