#include "server/http/reverse_proxy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <cctype>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "http_test_support.hpp"
#include "server/http/http_server.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace berth::server::test_support;

// What the proxy under test forwards to.
struct ProxyTarget {
  tcp::endpoint upstream;
  ProxyOptions options;
  // Two by default, so that the tests cross loops as a server on a multi-core machine does.
  unsigned event_loops = 2;
};

ProxyTarget proxy_to(tcp::endpoint upstream, ProxyOptions options = {}) {
  return {upstream, std::move(options)};
}

// The proxy under test: routes every request to its target.
class ProxyServer : public TestServer {
 public:
  explicit ProxyServer(ProxyTarget target)
      : TestServer(
            [](Exchange& ex) {
              ex.respond(http::status::not_implemented, "text/plain", "not proxied");
            },
            HttpServer::Options{.listen = {kLoopback, 0},
                                .event_loops = target.event_loops,
                                .proxy = target.options},
            [upstream = target.upstream](const RequestHeader&) {
              return HttpServer::Dispatch{.proxy_to = upstream};
            }) {}
};

// An upstream that speaks raw bytes, for what HttpServer never sends: a connection closed
// unanswered, a response delimited by the close.
class RawUpstream {
 public:
  RawUpstream() : acceptor_(io_, {kLoopback, 0}) {}
  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

  tcp::socket accept() {
    if (wait_ready(acceptor_.native_handle(), POLLIN, 2s))
      throw std::runtime_error("the proxy did not connect");
    return acceptor_.accept();
  }
  static std::string read_request(tcp::socket& socket, beast::flat_buffer& buffer) {
    http::request_parser<http::string_body> parser;
    TimedStream stream(socket, 2s, 2s);
    http::read(stream, buffer, parser);
    return std::string(parser.get().target());
  }
  static void write(tcp::socket& socket, std::string_view bytes) {
    TimedStream stream(socket, 2s, 2s);
    boost::asio::write(stream, boost::asio::buffer(bytes.data(), bytes.size()));
  }

 private:
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
};

// An upstream handler waits on this until the test lets it go on.
class Latch {
 public:
  void open() {
    std::call_once(once_, [this] { promise_.set_value(); });
  }
  // At most `limit`, so that a failing test cannot hold its upstream forever.
  void wait(std::chrono::seconds limit) const { opened_.wait_for(limit); }
  // Opens the latch however the test ends. Declare it after the servers: a handler still
  // waiting on the latch would keep them from stopping.
  auto open_on_exit() {
    struct Guard {
      Latch& latch;
      ~Guard() { latch.open(); }
    };
    return Guard{*this};
  }

 private:
  std::once_flag once_;
  std::promise<void> promise_;
  std::shared_future<void> opened_ = promise_.get_future().share();
};

TEST(ReverseProxy, ProxiesGetAndPost) {
  TestServer upstream([](Exchange& ex) {
    std::string body = ex.read_body_all();
    ex.respond(http::status::created, "text/plain",
               std::string(ex.request().method_string()) + " " +
                   std::string(ex.request().target()) + " " + body,
               {{"X-App", "demo"}});
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(get("/items?page=2"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::created);
  EXPECT_EQ(response.body(), "GET /items?page=2 ");
  EXPECT_EQ(response["X-App"], "demo");
  client.send("POST /items HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
  response = client.read_response();
  EXPECT_EQ(response.body(), "POST /items hello");
  EXPECT_TRUE(response.keep_alive());
}

TEST(ReverseProxy, SetsForwardedFieldsAndDropsHopByHop) {
  TestServer upstream([](Exchange& ex) {
    Json seen = Json::object();
    for (const char* name : {"Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                             "Keep-Alive", "Proxy-Authorization", "Connection", "Upgrade"}) {
      auto it = ex.request().find(name);
      seen[name] = it == ex.request().end() ? Json(nullptr) : Json(std::string(it->value()));
    }
    ex.respond_json(http::status::ok, seen);
  });
  ProxyServer proxy(proxy_to(upstream.endpoint(), ProxyOptions{.forwarded_proto = "https"}));
  Client client(proxy.port());
  client.send(
      "GET / HTTP/1.1\r\nHost: alice-demo.spaces.test\r\nX-Forwarded-For: 203.0.113.7\r\n"
      "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic eHl6\r\nConnection: keep-alive\r\n"
      "Upgrade: h2c\r\n\r\n");
  Json seen = Json::parse(client.read_response().body());
  EXPECT_EQ(seen["Host"], "alice-demo.spaces.test");
  EXPECT_EQ(seen["X-Forwarded-For"], "203.0.113.7, 127.0.0.1");
  EXPECT_EQ(seen["X-Forwarded-Proto"], "https");
  EXPECT_EQ(seen["X-Forwarded-Host"], "alice-demo.spaces.test");
  EXPECT_EQ(seen["Keep-Alive"], nullptr);
  EXPECT_EQ(seen["Proxy-Authorization"], nullptr);
  EXPECT_EQ(seen["Connection"], nullptr);
  EXPECT_EQ(seen["Upgrade"], nullptr);  // not an upgrade request: Connection did not name it
}

// The visitor's browser sends the server's token cookie to every host under the domain, and a
// Hub client its token in Authorization: the app's owner must see neither.
TEST(ReverseProxy, KeepsTheVisitorsBerthCredentialsFromTheApp) {
  TestServer upstream([](Exchange& ex) {
    Json seen = Json::object();
    for (const auto& field : ex.request())
      seen[std::string(field.name_string())].push_back(std::string(field.value()));
    ex.respond_json(http::status::ok, seen);
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(
      "GET / HTTP/1.1\r\nHost: alice-demo.spaces.test\r\n"
      "Authorization: Bearer hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\r\n"
      "Cookie: theme=dark; token=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH; app_session=s1\r\n"
      "Cookie: token=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\r\n\r\n");
  std::string body = client.read_response().body();
  EXPECT_THAT(body, Not(HasSubstr("hf_"))) << body;
  Json seen = Json::parse(body);
  EXPECT_FALSE(seen.contains("Authorization")) << body;
  EXPECT_EQ(seen["Cookie"], Json::array({"theme=dark; app_session=s1"})) << body;

  // Basic with a token as password (git's way), on the same kept-alive connection.
  client.send(
      "GET / HTTP/1.1\r\nHost: alice-demo.spaces.test\r\n"
      "Authorization: Basic dXNlcjpoZl9hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdI\r\n\r\n");
  seen = Json::parse(client.read_response().body());
  EXPECT_FALSE(seen.contains("Authorization")) << seen.dump();

  // The app's own credentials pass.
  client.send(
      "GET / HTTP/1.1\r\nHost: alice-demo.spaces.test\r\nAuthorization: Bearer app-key-1\r\n"
      "Cookie: app_session=s2\r\n\r\n");
  seen = Json::parse(client.read_response().body());
  EXPECT_EQ(seen["Authorization"], Json::array({"Bearer app-key-1"}));
  EXPECT_EQ(seen["Cookie"], Json::array({"app_session=s2"}));
}

// An app must not plant the server's cookie, nor cookies for the parent domain, which reach the
// API host and every other Space.
TEST(ReverseProxy, DropsCookiesTheAppMayNotSet) {
  TestServer upstream([](Exchange& ex) {
    ex.respond(http::status::ok, "text/plain", "ok",
               {{"Set-Cookie", "own=1; Path=/"},
                {"Set-Cookie", "token=hf_attacker; Domain=spaces.test; Path=/"},
                {"Set-Cookie", "tossed=1; Domain=.spaces.test"},
                {"Set-Cookie", "host=1; Domain=alice-demo.spaces.test"}});
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send("GET / HTTP/1.1\r\nHost: alice-demo.spaces.test:8080\r\n\r\n");
  auto response = client.read_response();
  std::vector<std::string> cookies;
  for (const auto& field : response)
    if (field.name() == http::field::set_cookie) cookies.emplace_back(field.value());
  EXPECT_EQ(cookies,
            (std::vector<std::string>{"own=1; Path=/", "host=1; Domain=alice-demo.spaces.test"}));
}

TEST(ReverseProxy, StreamsChunkedRequestBody) {
  std::promise<void> first_piece;
  TestServer upstream([&](Exchange& ex) {
    char piece[64];
    std::string body(piece, ex.read_body(piece, sizeof piece));
    first_piece.set_value();
    body += ex.read_body_all();
    ex.respond(http::status::ok, "text/plain",
               (ex.parser().chunked() ? "chunked:" : "not chunked:") + body);
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(
      "POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "6\r\nhello \r\n");
  // The upstream reads the first piece while the client still holds the rest.
  ASSERT_EQ(first_piece.get_future().wait_for(2s), std::future_status::ready)
      << "the proxy held the request body back";
  client.send("5\r\nworld\r\n0\r\n\r\n");
  EXPECT_EQ(client.read_response().body(), "chunked:hello world");
}

TEST(ReverseProxy, StreamsResponseWithoutBuffering) {
  Latch release;
  TestServer upstream([&](Exchange& ex) {
    ResponseHeader header;
    header.result(http::status::ok);
    header.set(http::field::content_type, "text/event-stream");
    ex.begin_stream(std::move(header));
    ex.write_chunk("data: one\n\n");
    release.wait(5s);
    ex.write_chunk("data: two\n\n");
    ex.end_stream();
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  auto release_on_exit = release.open_on_exit();
  Client client(proxy.port());
  client.send(get("/events"));
  std::string first = client.read_until("data: one\n\n");
  EXPECT_THAT(first, HasSubstr("text/event-stream"));
  EXPECT_THAT(first, HasSubstr("Transfer-Encoding: chunked"));
  release.open();  // only now does the upstream send its second event
  std::string rest = client.read_until("0\r\n\r\n");
  EXPECT_THAT(rest, HasSubstr("data: two\n\n"));
  EXPECT_THAT(first, Not(HasSubstr("data: two")));
}

TEST(ReverseProxy, RelaysWebSocketUpgradeBothWays) {
  TestServer upstream([](Exchange& ex) {
    if (!is_upgrade_request(ex.request()) || ex.request()[http::field::upgrade] != "websocket") {
      ex.respond_error(http::status::bad_request, "not an upgrade");
      return;
    }
    ex.mark_responded();
    ex.close_after();
    TimedStream stream(ex.socket(), 2s, 2s);
    std::string_view switching =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    boost::asio::write(stream, boost::asio::buffer(switching.data(), switching.size()));
    // Echo upper-cased until the client is done; bytes sent with the request header come first.
    std::string pending = beast::buffers_to_string(ex.buffer().data());
    ex.buffer().consume(ex.buffer().size());
    for (;;) {
      std::transform(pending.begin(), pending.end(), pending.begin(),
                     [](unsigned char c) { return std::toupper(c); });
      boost::asio::write(stream, boost::asio::buffer(pending));
      char data[256];
      beast::error_code ec;
      std::size_t n = stream.read_some(boost::asio::buffer(data), ec);
      if (ec) return;
      pending.assign(data, n);
    }
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(
      "GET /ws HTTP/1.1\r\nHost: test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nping");
  std::string got = client.read_until("PING");
  EXPECT_THAT(got, StartsWith("HTTP/1.1 101 Switching Protocols\r\n"));
  EXPECT_THAT(got, HasSubstr("Upgrade: websocket"));
  client.send("more bytes");
  EXPECT_EQ(client.read_until("MORE BYTES"), "MORE BYTES");
  // The client's end of stream reaches the upstream, whose close comes back.
  client.shutdown_send();
  EXPECT_TRUE(client.closed_by_server());
}

TEST(ReverseProxy, UpstreamDownAnswers502) {
  tcp::endpoint closed;
  {
    boost::asio::io_context io;
    tcp::acceptor acceptor(io, {kLoopback, 0});
    closed = acceptor.local_endpoint();
  }  // nothing listens there any more
  ProxyServer proxy(proxy_to(closed));
  Client client(proxy.port());
  client.send(get("/"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::bad_gateway);
  EXPECT_THAT(response[http::field::content_type], HasSubstr("text/html"));
  EXPECT_THAT(response.body(), HasSubstr("refused the connection"));
  EXPECT_THAT(response.body(), HasSubstr("port " + std::to_string(closed.port())));
}

TEST(ReverseProxy, SlowUpstreamAnswers504) {
  Latch release;
  TestServer upstream([&](Exchange& ex) {
    release.wait(5s);
    ex.respond(http::status::ok, "text/plain", "too late");
  });
  ProxyServer proxy(proxy_to(upstream.endpoint(), ProxyOptions{.response_timeout = 1s}));
  auto release_on_exit = release.open_on_exit();
  Client client(proxy.port());
  client.send(get("/"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::gateway_timeout);
  EXPECT_THAT(response.body(), HasSubstr("did not answer within 1 s"));
}

TEST(ReverseProxy, ReusesPooledUpstreamConnection) {
  std::mutex mutex;
  std::set<unsigned short> upstream_connections;  // the proxy's source ports
  TestServer upstream([&](Exchange& ex) {
    {
      std::lock_guard lock(mutex);
      upstream_connections.insert(ex.socket().remote_endpoint().port());
    }
    ex.respond(http::status::ok, "text/plain", "ok");
  });
  // Each event loop keeps a pool of its own: with one loop, every client shares it.
  auto target = proxy_to(upstream.endpoint());
  target.event_loops = 1;
  ProxyServer proxy(target);
  for (int i = 0; i < 2; ++i) {
    Client client(proxy.port());  // a new client each time: the pool is the proxy's, not theirs
    for (int j = 0; j < 2; ++j) {
      client.send(get("/"));
      EXPECT_EQ(client.read_response().body(), "ok");
    }
  }
  std::lock_guard lock(mutex);
  EXPECT_EQ(upstream_connections.size(), 1u);
}

TEST(ReverseProxy, RetriesWhenPooledConnectionWasClosed) {
  RawUpstream upstream;
  auto script = std::async(std::launch::async, [&] {
    beast::flat_buffer buffer;
    tcp::socket first = upstream.accept();
    RawUpstream::read_request(first, buffer);
    RawUpstream::write(first, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
    // The proxy reuses the connection, and the upstream closes it unanswered, as at the end of
    // its keep-alive timeout.
    RawUpstream::read_request(first, buffer);
    first.close();
    beast::flat_buffer buffer2;
    tcp::socket second = upstream.accept();
    RawUpstream::read_request(second, buffer2);
    RawUpstream::write(second, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(get("/1"));
  EXPECT_EQ(client.read_response().body(), "first");
  client.send(get("/2"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "second");
  script.get();  // rethrows what went wrong upstream
}

TEST(ReverseProxy, ResponseDelimitedByCloseReachesClientChunked) {
  RawUpstream upstream;
  auto script = std::async(std::launch::async, [&] {
    beast::flat_buffer buffer;
    tcp::socket socket = upstream.accept();
    RawUpstream::read_request(socket, buffer);
    RawUpstream::write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
    socket.shutdown(tcp::socket::shutdown_both);
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(get("/"));
  auto response = client.read_response();
  EXPECT_TRUE(response.chunked());
  EXPECT_EQ(response.body(), "until the end");
  EXPECT_TRUE(response.keep_alive());  // the client's connection outlives the upstream's
  script.get();
}

TEST(ReverseProxy, HeadKeepsLengthAndSendsNoBody) {
  TestServer upstream([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "hello"); });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n");
  auto head = client.read_response(/*head=*/true);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_EQ(head[http::field::content_length], "5");
  // A stray body would be read as the start of the next response.
  client.send(get("/"));
  EXPECT_EQ(client.read_response().body(), "hello");
}

TEST(ReverseProxy, NoContentKeepsConnectionUsable) {
  TestServer upstream([](Exchange& ex) {
    if (ex.path() == "/empty") return ex.respond(http::status::no_content, "", "");
    ex.respond(http::status::ok, "text/plain", "full");
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(get("/empty"));
  auto empty = client.read_response();
  EXPECT_EQ(empty.result(), http::status::no_content);
  EXPECT_FALSE(empty.chunked());
  client.send(get("/full"));
  EXPECT_EQ(client.read_response().body(), "full");
}

TEST(ReverseProxy, Http10ClientWithoutHostIsServed) {
  TestServer upstream([](Exchange& ex) {
    ex.respond(http::status::ok, "text/plain", std::string(ex.request()[http::field::host]));
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send("GET / HTTP/1.0\r\n\r\n");
  auto response = client.read_response();
  EXPECT_EQ(response.body(), "127.0.0.1:" + std::to_string(upstream.port()));
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST(ReverseProxy, ExpectContinueIsAnsweredBeforeTheBody) {
  TestServer upstream([](Exchange& ex) {
    ex.respond(http::status::ok, "text/plain", "got " + ex.read_body_all());
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send("PUT /f HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_response().result(), http::status::continue_);
  client.send("12345");
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "got 12345");
}

// The router picks, per request, the proxy or the handler; a connection the handler served
// with back_to_loop comes back to the loop, and its next request may be proxied.
TEST(ReverseProxy, HandledRequestGivesTheConnectionBackToTheLoop) {
  TestServer upstream([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "app"); });
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "handler"); },
                    local_options(),
                    [app = upstream.endpoint()](const RequestHeader& request) {
                      HttpServer::Dispatch dispatch;
                      if (request[http::field::host] == "app") dispatch.proxy_to = app;
                      dispatch.back_to_loop = request[http::field::host] == "page";
                      return dispatch;
                    });
  Client client(server.port());
  auto request = [&](std::string_view host) {
    client.send("GET / HTTP/1.1\r\nHost: " + std::string(host) + "\r\n\r\n");
    return client.read_response().body();
  };
  EXPECT_EQ(request("app"), "app");
  EXPECT_EQ(request("page"), "handler");
  EXPECT_EQ(request("app"), "app");
  // Without back_to_loop the connection stays with the handler's thread, for good.
  EXPECT_EQ(request("api"), "handler");
  EXPECT_EQ(request("app"), "handler");
}

TEST(ReverseProxy, RouterFailureLeavesTheRequestToTheHandler) {
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "handler"); },
                    local_options(),
                    [](const RequestHeader&) -> HttpServer::Dispatch {
                      throw std::runtime_error("database is locked");
                    });
  Client client(server.port());
  client.send(get("/"));
  EXPECT_EQ(client.read_response().body(), "handler");
}

TEST(ReverseProxy, StopEndsARequestWaitingOnItsApp) {
  Latch release;
  std::promise<void> waiting;
  TestServer upstream([&](Exchange& ex) {
    waiting.set_value();
    release.wait(10s);
    ex.respond(http::status::ok, "text/plain", "too late");
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  auto release_on_exit = release.open_on_exit();
  Client client(proxy.port());
  client.send(get("/slow"));
  ASSERT_EQ(waiting.get_future().wait_for(2s), std::future_status::ready);
  auto stopped = std::async(std::launch::async, [&] { proxy.server().stop(); });
  EXPECT_EQ(stopped.wait_for(2s), std::future_status::ready) << "stop() waits on the app";
  EXPECT_TRUE(client.closed_by_server());
}

TEST(ReverseProxy, IdleUpgradedConnectionIsClosed) {
  RawUpstream upstream;
  auto script = std::async(std::launch::async, [&] {
    beast::flat_buffer buffer;
    tcp::socket socket = upstream.accept();
    RawUpstream::read_request(socket, buffer);
    RawUpstream::write(socket,
                       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\n\r\n");
    // Then silence, until the proxy gives up on the connection.
    char byte;
    TimedStream stream(socket, 5s, 5s);
    beast::error_code ec;
    stream.read_some(boost::asio::buffer(&byte, 1), ec);
    return ec;
  });
  ProxyServer proxy(proxy_to(upstream.endpoint(), ProxyOptions{.idle_timeout = 1s}));
  Client client(proxy.port());
  client.send(
      "GET /ws HTTP/1.1\r\nHost: test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
  EXPECT_THAT(client.read_until("\r\n\r\n"), StartsWith("HTTP/1.1 101"));
  EXPECT_TRUE(client.closed_by_server());  // within its 2 s
  auto upstream_end = script.get();
  EXPECT_TRUE(upstream_end == boost::asio::error::eof ||
              upstream_end == boost::asio::error::connection_reset)
      << upstream_end.message();
}

TEST(ReverseProxy, AcceptsAHeadWithBareLineFeeds) {
  RawUpstream upstream;
  auto script = std::async(std::launch::async, [&] {
    beast::flat_buffer buffer;
    tcp::socket socket = upstream.accept();
    RawUpstream::read_request(socket, buffer);
    // As a CGI script that echoes its headers; the body's own bare LF must stay as it is.
    RawUpstream::write(socket,
                       "HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 6\n\nab\ncd\n");
  });
  ProxyServer proxy(proxy_to(upstream.endpoint()));
  Client client(proxy.port());
  client.send(get("/cgi"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_type], "text/plain");
  EXPECT_EQ(response.body(), "ab\ncd\n");
  script.get();
}

TEST(ReverseProxy, IsUpgradeRequest) {
  RequestHeader request;
  request.version(11);
  request.set(http::field::connection, "keep-alive, Upgrade");
  request.set(http::field::upgrade, "websocket");
  EXPECT_TRUE(is_upgrade_request(request));
  request.set(http::field::connection, "keep-alive");
  EXPECT_FALSE(is_upgrade_request(request));
  request.set(http::field::connection, "upgrade");
  request.erase(http::field::upgrade);
  EXPECT_FALSE(is_upgrade_request(request));
}

}  // namespace
}  // namespace berth::server
