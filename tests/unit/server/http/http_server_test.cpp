#include "server/http/http_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "base/error.hpp"
#include "http_test_support.hpp"
#include "server/http/socket_io.hpp"

namespace berth::server {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using namespace berth::server::test_support;

Json body_json(const http::response<http::string_body>& response) {
  return Json::parse(response.body());
}

TEST(HttpServer, KeepAliveServesSeveralRequests) {
  std::atomic<int> calls = 0;
  TestServer server([&](Exchange& ex) {
    ++calls;
    ex.respond(http::status::ok, "text/plain",
               std::string(ex.path()) + "|" + std::string(ex.query()));
  });
  Client client(server.port());
  for (int i = 0; i < 3; ++i) {
    client.send(get("/page/" + std::to_string(i) + "?x=1"));
    auto response = client.read_response();
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response.body(), "/page/" + std::to_string(i) + "|x=1");
    EXPECT_TRUE(response.keep_alive());
  }
  // Two requests in one write: the second waits in the buffer after the first.
  client.send(get("/a") + get("/b"));
  EXPECT_EQ(client.read_response().body(), "/a|");
  EXPECT_EQ(client.read_response().body(), "/b|");
  EXPECT_EQ(calls, 5);
}

TEST(HttpServer, HandlerStatusReachesClient) {
  TestServer server(
      [](Exchange& ex) { ex.respond_error(http::status::not_found, "Repository not found"); });
  Client client(server.port());
  client.send(get("/api/spaces/nobody/nothing"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::not_found);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_EQ(body_json(response), (Json{{"error", "Repository not found"}}));
  // Still usable.
  client.send(get("/again"));
  EXPECT_EQ(client.read_response().result(), http::status::not_found);
}

TEST(HttpServer, HandlerExceptionAnswers500Json) {
  TestServer server([](Exchange&) -> void { throw std::runtime_error("database is locked"); });
  Client client(server.port());
  client.send(get("/"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::internal_server_error);
  EXPECT_EQ(body_json(response), (Json{{"error", "database is locked"}}));
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, HandlerWithoutResponseAnswers500) {
  TestServer server([](Exchange&) {});
  Client client(server.port());
  client.send(get("/"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::internal_server_error);
  EXPECT_THAT(response.body(), HasSubstr("no response"));
}

TEST(HttpServer, OversizedBodyAnswers413) {
  TestServer server([](Exchange& ex) {
    std::string body = ex.read_body_all(16);
    ex.respond(http::status::ok, "text/plain", body);
  });
  Client client(server.port());
  client.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n" +
              std::string(5000, 'x'));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::payload_too_large);
  EXPECT_THAT(body_json(response)["error"].get<std::string>(), HasSubstr("16 bytes"));
  EXPECT_FALSE(response.keep_alive());
}

TEST(HttpServer, MalformedRequestAnswers400AndCloses) {
  std::atomic<bool> called = false;
  TestServer server([&](Exchange& ex) {
    called = true;
    ex.respond(http::status::ok, "text/plain", "");
  });
  Client client(server.port());
  client.send("GET / HTTP/1.1\r\nHost: test\r\nNo colon here\r\n\r\n");
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::bad_request);
  EXPECT_THAT(body_json(response)["error"].get<std::string>(), HasSubstr("malformed request"));
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_FALSE(called);
}

TEST(HttpServer, OversizedHeaderAnswers431) {
  auto options = local_options();
  options.header_limit = 1024;
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", ""); }, options);
  Client client(server.port());
  client.send(get("/", "Cookie: " + std::string(2000, 'c') + "\r\n"));
  EXPECT_EQ(client.read_response().result(), http::status::request_header_fields_too_large);
}

TEST(HttpServer, HeadAnswersHeaderWithoutBody) {
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "hello"); });
  Client client(server.port());
  client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n");
  auto head = client.read_response(/*head=*/true);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_EQ(head[http::field::content_length], "5");
  EXPECT_EQ(head.body(), "");
  // A body sent after the HEAD response would be read as the next response's start.
  client.send(get("/"));
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "hello");
}

TEST(HttpServer, StreamedResponseIsChunked) {
  TestServer server([](Exchange& ex) {
    ResponseHeader header;
    header.result(http::status::ok);
    header.set(http::field::content_type, "text/event-stream");
    ex.begin_stream(std::move(header));
    ex.write_chunk("data: 1\n\n");
    ex.write_chunk("data: 2\n\n");
    ex.end_stream();
  });
  Client client(server.port());
  client.send(get("/logs"));
  auto response = client.read_response();
  EXPECT_TRUE(response.chunked());
  EXPECT_EQ(response.body(), "data: 1\n\ndata: 2\n\n");
  client.send(get("/logs"));
  EXPECT_EQ(client.read_response().body(), "data: 1\n\ndata: 2\n\n");
}

TEST(HttpServer, StreamedResponseToHttp10ClientEndsWithClose) {
  TestServer server([](Exchange& ex) {
    ResponseHeader header;
    header.result(http::status::ok);
    ex.begin_stream(std::move(header));
    ex.write_chunk("one ");
    ex.write_chunk("two");
    ex.end_stream();
  });
  Client client(server.port());
  client.send("GET / HTTP/1.0\r\n\r\n");
  auto response = client.read_response();
  EXPECT_FALSE(response.chunked());
  EXPECT_EQ(response.body(), "one two");  // delimited by the close
}

TEST(HttpServer, ChunkedRequestBodyIsRead) {
  TestServer server(
      [](Exchange& ex) { ex.respond(http::status::ok, "text/plain", ex.read_body_all()); });
  Client client(server.port());
  client.send(
      "POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
  EXPECT_EQ(client.read_response().body(), "hello world");
}

TEST(HttpServer, ExpectContinueIsAnsweredBeforeTheBody) {
  TestServer server(
      [](Exchange& ex) { ex.respond(http::status::ok, "text/plain", ex.read_body_all()); });
  Client client(server.port());
  client.send("PUT /f HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_response().result(), http::status::continue_);
  client.send("12345");
  auto response = client.read_response();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "12345");
}

TEST(HttpServer, RemoteAddressIsThePeer) {
  TestServer server(
      [](Exchange& ex) { ex.respond(http::status::ok, "text/plain", ex.remote_address()); });
  Client client(server.port());
  client.send(get("/"));
  EXPECT_EQ(client.read_response().body(), "127.0.0.1");
}

TEST(HttpServer, TooManyConnectionsAnswer503) {
  auto options = local_options();
  options.max_connections = 1;
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "ok"); },
                    options);
  Client first(server.port());
  first.send(get("/"));
  ASSERT_EQ(first.read_response().result(), http::status::ok);  // now it holds the one slot
  Client second(server.port());
  second.send(get("/"));
  EXPECT_EQ(second.read_response().result(), http::status::service_unavailable);
}

TEST(HttpServer, ListenFailureNamesTheAddress) {
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", ""); });
  auto options = local_options();
  options.listen.port(server.port());
  try {
    HttpServer second(options, [](Exchange&) {});
    FAIL() << "a second server listened on the same port";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("listen 127.0.0.1:" + std::to_string(server.port()) + ": "));
  }
}

TEST(HttpServer, StopReturnsWhileClientIsIdle) {
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "ok"); });
  Client client(server.port());
  client.send(get("/"));
  ASSERT_EQ(client.read_response().result(), http::status::ok);  // kept alive, now idle
  auto stopped = std::async(std::launch::async, [&] { server.server().stop(); });
  EXPECT_EQ(stopped.wait_for(2s), std::future_status::ready) << "stop() hangs";
  EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, AConnectionToAnIdleServerStillTimesOut) {
  auto options = local_options();
  options.idle_timeout = 1s;
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "ok"); },
                    options);
  // With no connection the loops' watchdog sleeps; the connection must wake it.
  std::this_thread::sleep_for(500ms);
  Client client(server.port());
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server()) << "an idle connection outlived its timeout";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1900ms);
  // And again after the server was left without a connection once more.
  std::this_thread::sleep_for(500ms);
  Client again(server.port());
  EXPECT_TRUE(again.closed_by_server());
}

TEST(HttpServer, StopEndsHandlerBlockedOnBody) {
  std::promise<void> reading;
  TestServer server([&](Exchange& ex) {
    reading.set_value();
    ex.read_body_all();  // the client never sends the body
    ex.respond(http::status::ok, "text/plain", "");
  });
  Client client(server.port());
  client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n");
  ASSERT_EQ(reading.get_future().wait_for(2s), std::future_status::ready);
  auto stopped = std::async(std::launch::async, [&] { server.server().stop(); });
  EXPECT_EQ(stopped.wait_for(2s), std::future_status::ready) << "stop() hangs";
}

TEST(HttpServer, StopBeforeRunMakesRunReturn) {
  HttpServer server(local_options(), [](Exchange&) {});
  server.stop();
  auto ran = std::async(std::launch::async, [&] { server.run(); });
  EXPECT_EQ(ran.wait_for(2s), std::future_status::ready);
}

}  // namespace
}  // namespace berth::server
