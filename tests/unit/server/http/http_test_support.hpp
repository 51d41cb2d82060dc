#pragma once
// What the HTTP server's and the proxy's tests share: a server on its own thread, and a raw
// client that sees exactly what crosses the wire.
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include "server/http/http_server.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server::test_support {

using namespace std::chrono_literals;

inline const auto kLoopback = boost::asio::ip::make_address("127.0.0.1");

inline HttpServer::Options local_options() {
  HttpServer::Options options;
  options.listen = {kLoopback, 0};
  return options;
}

// A server running on its own thread for the length of a test.
class TestServer {
 public:
  explicit TestServer(HttpServer::Handler handler, HttpServer::Options options = local_options(),
                      HttpServer::Router router = {})
      : server_(std::move(options), std::move(handler), std::move(router)),
        thread_([this] { server_.run(); }) {}
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  HttpServer& server() { return server_; }
  std::uint16_t port() const { return server_.port(); }
  tcp::endpoint endpoint() const { return {kLoopback, port()}; }

 private:
  HttpServer server_;
  std::thread thread_;
};

// A raw client connection. Every read times out, so a broken server fails the test instead of
// hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(io_) { socket_.connect({kLoopback, port}); }

  void send(std::string_view bytes) {
    TimedStream stream(socket_, 2s, 2s);
    boost::asio::write(stream, boost::asio::buffer(bytes.data(), bytes.size()));
  }
  void shutdown_send() { socket_.shutdown(tcp::socket::shutdown_send); }

  http::response<http::string_body> read_response(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(head);
    TimedStream stream(socket_, 2s, 2s);
    http::read(stream, buffer_, parser);
    return parser.release();
  }

  // Raw bytes up to and including `needle`; throws when they do not come within 2 s.
  std::string read_until(std::string_view needle) {
    TimedStream stream(socket_, 2s, 2s);
    for (;;) {
      std::string have = beast::buffers_to_string(buffer_.data());
      if (auto at = have.find(needle); at != std::string::npos) {
        buffer_.consume(at + needle.size());
        return have.substr(0, at + needle.size());
      }
      buffer_.commit(stream.read_some(buffer_.prepare(4096)));
    }
  }

  // True when the server closed the connection with nothing more to read.
  bool closed_by_server() {
    if (buffer_.size() != 0) return false;
    TimedStream stream(socket_, 2s, 2s);
    char byte;
    beast::error_code ec;
    stream.read_some(boost::asio::buffer(&byte, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

inline std::string get(std::string_view target, std::string_view extra = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) + "\r\n";
}

}  // namespace berth::server::test_support
