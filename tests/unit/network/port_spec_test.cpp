#include "network/port_spec.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::network {
namespace port_spec_test {

PortBinding binding(std::string proto, std::string ip, uint16_t host, uint16_t container) {
  return {std::move(proto), std::move(ip), host, container};
}

void expect_bindings(std::string_view spec, const std::vector<PortBinding>& expected) {
  auto got = parse_publish_spec(spec);
  ASSERT_EQ(got.size(), expected.size()) << spec;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].protocol, expected[i].protocol) << spec << " #" << i;
    EXPECT_EQ(got[i].host_ip, expected[i].host_ip) << spec << " #" << i;
    EXPECT_EQ(got[i].host_port, expected[i].host_port) << spec << " #" << i;
    EXPECT_EQ(got[i].container_port, expected[i].container_port) << spec << " #" << i;
  }
}

std::string error_of(std::string_view spec) {
  try {
    parse_publish(spec);
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParsePublish, SinglePorts) {
  expect_bindings("80", {binding("tcp", "", 0, 80)});
  expect_bindings("8080:80", {binding("tcp", "", 8080, 80)});
  expect_bindings("127.0.0.1:8080:80", {binding("tcp", "127.0.0.1", 8080, 80)});
  expect_bindings("127.0.0.1::80", {binding("tcp", "127.0.0.1", 0, 80)});
  expect_bindings("0.0.0.0:8080:80", {binding("tcp", "", 8080, 80)});
  expect_bindings("0:80", {binding("tcp", "", 0, 80)});
  expect_bindings("65535:65535", {binding("tcp", "", 65535, 65535)});
}

TEST(ParsePublish, Protocols) {
  expect_bindings("53/udp", {binding("udp", "", 0, 53)});
  expect_bindings("5353:53/udp", {binding("udp", "", 5353, 53)});
  expect_bindings("8080:80/tcp", {binding("tcp", "", 8080, 80)});
  expect_bindings("8080:80/", {binding("tcp", "", 8080, 80)});
  expect_bindings("8080:80/UDP", {binding("udp", "", 8080, 80)});
}

TEST(ParsePublish, Ranges) {
  expect_bindings("8000-8002:9000-9002",
                  {binding("tcp", "", 8000, 9000), binding("tcp", "", 8001, 9001),
                   binding("tcp", "", 8002, 9002)});
  expect_bindings("8000-8001", {binding("tcp", "", 0, 8000), binding("tcp", "", 0, 8001)});
  expect_bindings("127.0.0.1::53-54/udp",
                  {binding("udp", "127.0.0.1", 0, 53), binding("udp", "127.0.0.1", 0, 54)});
  expect_bindings("8080-8080:80", {binding("tcp", "", 8080, 80)});
}

TEST(ParsePublish, HostRangeForOneContainerPort) {
  auto spec = parse_publish("127.0.0.1:8000-8010:80/udp");
  ASSERT_EQ(spec.bindings.size(), 1u);
  EXPECT_EQ(spec.bindings[0].host_port, 0);
  EXPECT_EQ(spec.bindings[0].container_port, 80);
  EXPECT_EQ(spec.bindings[0].protocol, "udp");
  EXPECT_EQ(spec.bindings[0].host_ip, "127.0.0.1");
  ASSERT_TRUE(spec.host_range);
  EXPECT_EQ(spec.host_range->first, 8000);
  EXPECT_EQ(spec.host_range->second, 8010);
  EXPECT_FALSE(parse_publish("8080:80").host_range);
  EXPECT_FALSE(parse_publish("8000-8010:8000-8010").host_range);
  // One container port on a host range: the binding carries the range, a port of which is
  // taken at start.
  auto bindings = parse_publish_spec("8000-8010:80");
  ASSERT_EQ(bindings.size(), 1u);
  EXPECT_EQ(bindings[0].host_port, 8000);
  EXPECT_EQ(bindings[0].host_port_last, 8010);
  EXPECT_EQ(bindings[0].container_port, 80);
  EXPECT_EQ(parse_publish_spec("8080:80")[0].host_port_last, 0);
}

TEST(ParsePublish, DockersErrors) {
  EXPECT_EQ(error_of("x"), "invalid containerPort: x");
  EXPECT_EQ(error_of("8080:x"), "invalid containerPort: x");
  EXPECT_EQ(error_of("65536"), "invalid containerPort: 65536");
  EXPECT_EQ(error_of("0"), "invalid containerPort: 0");
  EXPECT_EQ(error_of("-80"), "invalid containerPort: -80");
  EXPECT_EQ(error_of("+80"), "invalid containerPort: +80");
  EXPECT_EQ(error_of("80-"), "invalid containerPort: 80-");
  EXPECT_EQ(error_of("90-80"), "invalid containerPort: 90-80");
  EXPECT_EQ(error_of("1-2-3"), "invalid containerPort: 1-2-3");
  EXPECT_EQ(error_of("x:80"), "invalid hostPort: x");
  EXPECT_EQ(error_of("70000:80"), "invalid hostPort: 70000");
  EXPECT_EQ(error_of("9-8:80"), "invalid hostPort: 9-8");
  EXPECT_EQ(error_of("80/icmp"), "invalid proto: icmp");
  EXPECT_EQ(error_of("80/tcp/x"), "invalid proto: tcp/x");
  EXPECT_EQ(error_of("8080:"), "no port specified: 8080:<empty>");
  EXPECT_EQ(error_of(""), "no port specified: <empty>");
  EXPECT_EQ(error_of("/udp"), "no port specified: /udp<empty>");
  EXPECT_EQ(error_of("9000-9001:8000-8010"),
            "invalid ranges specified for container and host Ports: 8000-8010 and 9000-9001");
  EXPECT_EQ(error_of("9000:8000-8010"),
            "invalid ranges specified for container and host Ports: 8000-8010 and 9000");
  EXPECT_EQ(error_of("300.0.0.1:8080:80"), "invalid IP address: 300.0.0.1");
  EXPECT_EQ(error_of("localhost:8080:80"), "invalid IP address: localhost");
}

TEST(ParsePublish, UnsupportedYet) {
  EXPECT_EQ(error_of("80/sctp"), "publishing sctp ports is not supported yet");
  EXPECT_EQ(error_of("[::1]:8080:80"), "IPv6 host addresses are not supported yet: ::1");
  EXPECT_EQ(error_of("::1:8080:80"), "IPv6 host addresses are not supported yet: ::1");
  EXPECT_EQ(error_of("[::]::80"), "IPv6 host addresses are not supported yet: ::");
}

TEST(ExposedPorts, BecomeRandomHostPortsInPortOrder) {
  auto got = exposed_ports_to_bindings({"8080/tcp", "53/udp", "53/tcp", "132/sctp", "7000-7001"});
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].container_port, 53);
  EXPECT_EQ(got[0].protocol, "tcp");
  EXPECT_EQ(got[1].container_port, 53);
  EXPECT_EQ(got[1].protocol, "udp");
  EXPECT_EQ(got[2].container_port, 7000);
  EXPECT_EQ(got[3].container_port, 7001);
  EXPECT_EQ(got[4].container_port, 8080);
  for (const auto& b : got) {
    EXPECT_EQ(b.host_port, 0);
    EXPECT_EQ(b.host_ip, "");
  }
  EXPECT_TRUE(exposed_ports_to_bindings({}).empty());
  EXPECT_EQ(exposed_ports_to_bindings({"80/tcp", "80"}).size(), 1u);
  EXPECT_THROW(exposed_ports_to_bindings({"http/tcp"}), InvalidArgumentError);
  EXPECT_THROW(exposed_ports_to_bindings({"80/icmp"}), InvalidArgumentError);
}

TEST(FormatPortLine, IsDockers) {
  EXPECT_EQ(format_port_line(binding("tcp", "", 8080, 80)), "80/tcp -> 0.0.0.0:8080");
  EXPECT_EQ(format_port_line(binding("udp", "127.0.0.1", 5353, 53)), "53/udp -> 127.0.0.1:5353");
}

}  // namespace port_spec_test
}  // namespace berth::network
