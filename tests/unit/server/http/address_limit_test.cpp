#include "server/http/address_limit.hpp"

#include <gtest/gtest.h>

#include "http_test_support.hpp"

namespace berth::server {
namespace {

using boost::asio::ip::make_address;
using namespace berth::server::test_support;

TEST(AddressLimit, CountsPerClientAndGivesSlotsBack) {
  AddressLimit limit(2);
  auto a1 = limit.acquire(make_address("192.0.2.1"));
  auto a2 = limit.acquire(make_address("192.0.2.1"));
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(limit.acquire(make_address("192.0.2.1")));
  // A v4-mapped IPv6 peer is the same client.
  EXPECT_FALSE(limit.acquire(make_address("::ffff:192.0.2.1")));
  EXPECT_TRUE(limit.acquire(make_address("192.0.2.2")));  // and released at once
  a1->release();
  a1->release();  // twice is once
  auto a3 = limit.acquire(make_address("192.0.2.1"));
  EXPECT_TRUE(a3);
  EXPECT_FALSE(limit.acquire(make_address("192.0.2.1")));
  a2.reset();  // destroyed: released
  EXPECT_TRUE(limit.acquire(make_address("192.0.2.1")));
}

TEST(AddressLimit, Ipv6ClientsAreCountedByTheirSlash64) {
  AddressLimit limit(1);
  auto first = limit.acquire(make_address("2001:db8:1:2::1"));
  ASSERT_TRUE(first);
  EXPECT_FALSE(limit.acquire(make_address("2001:db8:1:2:ffff::9")));
  EXPECT_TRUE(limit.acquire(make_address("2001:db8:1:3::1")));
  EXPECT_EQ(AddressLimit::key_of(make_address("2001:db8:1:2:ffff::9")), "2001:db8:1:2::/64");
}

TEST(AddressLimit, ZeroMeansNoLimit) {
  AddressLimit limit(0);
  std::vector<AddressLimit::Slot> held;
  for (int i = 0; i < 1000; ++i) {
    auto slot = limit.acquire(make_address("192.0.2.1"));
    ASSERT_TRUE(slot);
    held.push_back(std::move(*slot));
  }
}

TEST(AddressLimit, TheServerAnswers503PastTheLimitAndServesOthers) {
  auto options = local_options();
  options.listen = {boost::asio::ip::make_address("0.0.0.0"), 0};
  options.max_connections_per_address = 2;
  TestServer server([](Exchange& ex) { ex.respond(http::status::ok, "text/plain", "ok"); },
                    options);
  Client first(server.port());
  first.send(get("/"));
  ASSERT_EQ(first.read_response().result(), http::status::ok);
  Client second(server.port());
  second.send(get("/"));
  ASSERT_EQ(second.read_response().result(), http::status::ok);
  Client third(server.port());
  third.send(get("/"));
  auto refused = third.read_response();
  EXPECT_EQ(refused.result(), http::status::service_unavailable);
  EXPECT_NE(refused.body().find("too many connections from 127.0.0.1"), std::string::npos)
      << refused.body();
  // Still served: the first two on their connections.
  first.send(get("/"));
  EXPECT_EQ(first.read_response().result(), http::status::ok);
  {
    // Another client address (127.0.0.2 is loopback too) is served meanwhile.
    boost::asio::io_context io;
    tcp::socket other(io);
    other.open(tcp::v4());
    other.bind({make_address("127.0.0.2"), 0});
    other.connect({kLoopback, server.port()});
    TimedStream stream(other, 2s, 2s);
    std::string request = get("/");
    boost::asio::write(stream, boost::asio::buffer(request));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    EXPECT_EQ(response.result(), http::status::ok);
  }
  // A closed connection gives its place back.
  second.shutdown_send();
  EXPECT_TRUE(second.closed_by_server());
  for (int attempt = 0;; ++attempt) {
    Client again(server.port());
    again.send(get("/"));
    auto response = again.read_response();
    if (response.result() == http::status::ok) break;
    // The server notices the close on its own time: give it a moment.
    ASSERT_LT(attempt, 50) << "the closed connection's place was not given back";
    std::this_thread::sleep_for(20ms);
  }
}

}  // namespace
}  // namespace berth::server
