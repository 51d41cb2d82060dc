#include "server/http/request_checks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http_test_support.hpp"

namespace berth::server {
namespace {

using ::testing::HasSubstr;
using namespace berth::server::test_support;

RequestHeader request(std::string_view target,
                      std::vector<std::pair<std::string, std::string>> fields,
                      http::verb method = http::verb::get, unsigned version = 11) {
  RequestHeader h;
  h.method(method);
  h.target(target);
  h.version(version);
  for (const auto& [name, value] : fields) h.insert(name, value);
  return h;
}

std::optional<http::status> refusal_of(RequestHeader h) {
  auto refusal = check_request(h);
  if (!refusal) return std::nullopt;
  return refusal->status;
}

TEST(RequestChecks, OrdinaryRequestsPass) {
  EXPECT_EQ(refusal_of(request("/", {{"Host", "alice-app.localhost:8080"}})), std::nullopt);
  EXPECT_EQ(refusal_of(request("/a?b", {{"Host", "ALICE-APP.LOCALHOST."}})), std::nullopt);
  EXPECT_EQ(refusal_of(request("/", {{"Host", "[::1]:8080"}})), std::nullopt);
  EXPECT_EQ(refusal_of(request("/", {{"Host", "127.0.0.1"}})), std::nullopt);
  EXPECT_EQ(refusal_of(request("/", {{"Host", ""}})), std::nullopt);
  EXPECT_EQ(refusal_of(request("*", {{"Host", "x"}}, http::verb::options)), std::nullopt);
  EXPECT_EQ(refusal_of(request("/", {}, http::verb::get, 10)), std::nullopt);  // HTTP/1.0
  EXPECT_EQ(refusal_of(request("/", {{"Host", "x"}, {"Content-Length", "3"}})), std::nullopt);
  EXPECT_EQ(refusal_of(request("/", {{"Host", "x"}, {"Transfer-Encoding", "Chunked"}})),
            std::nullopt);
}

TEST(RequestChecks, HostMustBeOneAndValid) {
  EXPECT_EQ(refusal_of(request(
                "/", {{"Host", "alice-public.localhost"}, {"Host", "alice-private.localhost"}})),
            http::status::bad_request);
  EXPECT_EQ(refusal_of(request("/", {})), http::status::bad_request);  // HTTP/1.1 without Host
  for (const char* host : {"a b.localhost", "alice-private.localhost@evil", "x:80:81", "x:abc",
                           "[::1", "[zz]", ":80", "a/b", "x\tlocalhost"}) {
    EXPECT_EQ(refusal_of(request("/", {{"Host", host}})), http::status::bad_request) << host;
  }
}

TEST(RequestChecks, AbsoluteFormTargetBecomesOriginFormWithItsHost) {
  auto h = request("http://Alice-Private.localhost:8080/secret?x=1",
                   {{"Host", "alice-public.localhost"}});
  EXPECT_EQ(check_request(h), std::nullopt);
  EXPECT_EQ(h.target(), "/secret?x=1");
  EXPECT_EQ(h[http::field::host], "Alice-Private.localhost:8080");
  EXPECT_EQ(std::distance(h.find(http::field::host), h.end()), 1);

  h = request("HTTPS://api.localhost", {});
  EXPECT_EQ(check_request(h), std::nullopt);
  EXPECT_EQ(h.target(), "/");
  EXPECT_EQ(h[http::field::host], "api.localhost");

  h = request("http://x?q", {{"Host", "x"}});
  EXPECT_EQ(check_request(h), std::nullopt);
  EXPECT_EQ(h.target(), "/?q");

  EXPECT_EQ(refusal_of(request("http://user:pw@x/", {{"Host", "x"}})), http::status::bad_request);
  EXPECT_EQ(refusal_of(request("http:///path", {{"Host", "x"}})), http::status::bad_request);
  EXPECT_EQ(refusal_of(request("ftp://x/", {{"Host", "x"}})), http::status::bad_request);
  EXPECT_EQ(refusal_of(request("relative", {{"Host", "x"}})), http::status::bad_request);
  EXPECT_EQ(refusal_of(request("x:443", {{"Host", "x"}}, http::verb::connect)),
            http::status::method_not_allowed);
}

TEST(RequestChecks, AmbiguousBodyFramingIsRefused) {
  EXPECT_EQ(refusal_of(request(
                "/", {{"Host", "x"}, {"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}})),
            http::status::bad_request);
  EXPECT_EQ(
      refusal_of(request("/", {{"Host", "x"}, {"Content-Length", "5"}, {"Content-Length", "5"}})),
      http::status::bad_request);
  EXPECT_EQ(refusal_of(request("/", {{"Host", "x"}, {"Transfer-Encoding", "gzip, chunked"}})),
            http::status::not_implemented);
  EXPECT_EQ(refusal_of(request("/", {{"Host", "x"},
                                     {"Transfer-Encoding", "chunked"},
                                     {"Transfer-Encoding", "chunked"}})),
            http::status::not_implemented);
  EXPECT_EQ(refusal_of(request("/", {{"Transfer-Encoding", "chunked"}}, http::verb::post, 10)),
            http::status::bad_request);
}

// Through the server: the router sees the checked request, and refusals close the connection.
class RecordingServer : public TestServer {
 public:
  RecordingServer()
      : TestServer(
            [this](Exchange& ex) {
              ex.respond(http::status::ok, "text/plain",
                         std::string(ex.request()[http::field::host]) + " " +
                             std::string(ex.request().target()));
            },
            local_options(),
            [this](const RequestHeader& request) {
              std::lock_guard lock(mutex_);
              routed_.emplace_back(request[http::field::host]);
              return HttpServer::Dispatch{};
            }) {}
  std::vector<std::string> routed() {
    std::lock_guard lock(mutex_);
    return routed_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> routed_;
};

TEST(RequestChecks, TheRouterSeesTheAbsoluteFormsHost) {
  RecordingServer server;
  Client client(server.port());
  client.send(
      "GET http://alice-private.localhost/secret HTTP/1.1\r\n"
      "Host: alice-public.localhost\r\n\r\n");
  auto response = client.read_response();
  EXPECT_EQ(response.body(), "alice-private.localhost /secret");
  EXPECT_EQ(server.routed(), std::vector<std::string>{"alice-private.localhost"});
}

TEST(RequestChecks, SmugglingAttemptsAnswer400AndClose) {
  RecordingServer server;
  for (std::string_view bad :
       {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: alice-public.localhost\r\nHost: "
        "alice-private.localhost\r\n\r\n"}) {
    Client client(server.port());
    client.send(bad);
    auto response = client.read_response();
    EXPECT_EQ(response.result(), http::status::bad_request) << bad;
    EXPECT_THAT(response.body(), HasSubstr("\"error\""));
    EXPECT_TRUE(client.closed_by_server());
  }
  EXPECT_TRUE(server.routed().empty());
}

}  // namespace
}  // namespace berth::server
