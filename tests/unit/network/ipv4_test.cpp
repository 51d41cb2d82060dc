#include "network/ipv4.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::network {
namespace ipv4_test {

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Ipv4Address, ParsesAndPrints) {
  auto a = Ipv4Address::parse("10.88.0.2");
  EXPECT_EQ(a.value(), 0x0a580002u);
  EXPECT_EQ(a.to_string(), "10.88.0.2");
  EXPECT_EQ(a.octet(0), 10);
  EXPECT_EQ(a.octet(3), 2);
  EXPECT_EQ(Ipv4Address::parse("0.0.0.0").value(), 0u);
  EXPECT_EQ(Ipv4Address::parse("255.255.255.255").to_string(), "255.255.255.255");
}

TEST(Ipv4Address, RefusesMalformedTextNamingIt) {
  for (const char* bad : {"", "10.88.0", "10.88.0.2.1", "10.88.0.256", "10.88.0.-1", "010.0.0.1",
                          "10..0.1", "10.88.0.2 ", "a.b.c.d", "::1", "10.88.0.1/16"}) {
    EXPECT_FALSE(Ipv4Address::try_parse(bad)) << bad;
    EXPECT_EQ(error_of([&] { Ipv4Address::parse(bad); }),
              std::string("invalid IP address: ") + bad);
  }
}

TEST(Ipv4Address, ComparesAndAddsOffsets) {
  auto a = Ipv4Address::parse("10.88.0.255");
  EXPECT_EQ((a + 1).to_string(), "10.88.1.0");
  EXPECT_LT(a, a + 1);
  EXPECT_EQ(a, Ipv4Address::parse("10.88.0.255"));
  EXPECT_NE(a, a + 1);
}

TEST(Ipv4Subnet, ParsesCidr) {
  auto s = Ipv4Subnet::parse("10.88.0.0/16");
  EXPECT_EQ(s.network().to_string(), "10.88.0.0");
  EXPECT_EQ(s.prefix_length(), 16);
  EXPECT_EQ(s.mask(), 0xffff0000u);
  EXPECT_EQ(s.broadcast().to_string(), "10.88.255.255");
  EXPECT_EQ(s.to_string(), "10.88.0.0/16");
  EXPECT_EQ(Ipv4Subnet::parse("0.0.0.0/0").mask(), 0u);
  EXPECT_EQ(Ipv4Subnet::parse("1.2.3.4/32").to_string(), "1.2.3.4/32");
}

TEST(Ipv4Subnet, ErrorsAreDockers) {
  EXPECT_EQ(error_of([] { Ipv4Subnet::parse("10.88.0.0/33"); }),
            "invalid CIDR address: 10.88.0.0/33");
  for (const char* bad : {"10.88.0.0", "10.88.0.0/", "10.88.0.0/-1", "10.88.0.0/016", "10.88.0/16",
                          "10.88.0.0/1a", "/16"}) {
    EXPECT_EQ(error_of([&] { Ipv4Subnet::parse(bad); }),
              std::string("invalid CIDR address: ") + bad);
  }
  EXPECT_EQ(error_of([] { Ipv4Subnet::parse("10.88.0.1/16"); }),
            "invalid subnet 10.88.0.1/16: it should be 10.88.0.0/16");
  EXPECT_EQ(error_of([] { Ipv4Subnet::parse("fd00::/64"); }),
            "IPv6 subnets are not supported yet: fd00::/64");
}

TEST(Ipv4Subnet, ContainsAndOverlaps) {
  auto s = Ipv4Subnet::parse("10.88.0.0/16");
  EXPECT_TRUE(s.contains(Ipv4Address::parse("10.88.0.0")));
  EXPECT_TRUE(s.contains(Ipv4Address::parse("10.88.255.255")));
  EXPECT_FALSE(s.contains(Ipv4Address::parse("10.89.0.1")));
  EXPECT_TRUE(s.overlaps(Ipv4Subnet::parse("10.88.3.0/24")));
  EXPECT_TRUE(Ipv4Subnet::parse("10.88.3.0/24").overlaps(s));
  EXPECT_TRUE(s.overlaps(Ipv4Subnet::parse("10.0.0.0/8")));
  EXPECT_TRUE(s.overlaps(s));
  EXPECT_FALSE(s.overlaps(Ipv4Subnet::parse("10.89.0.0/24")));
  EXPECT_TRUE(Ipv4Subnet::parse("0.0.0.0/0").overlaps(s));
}

TEST(Ipv4Subnet, Hosts) {
  auto s = Ipv4Subnet::parse("10.89.3.0/24");
  EXPECT_EQ(s.host_count(), 254u);
  EXPECT_EQ(s.first_host().to_string(), "10.89.3.1");
  EXPECT_EQ(s.nth_host(1).to_string(), "10.89.3.1");
  EXPECT_EQ(s.nth_host(254).to_string(), "10.89.3.254");
  EXPECT_THROW(s.nth_host(0), InvalidArgumentError);
  EXPECT_THROW(s.nth_host(255), InvalidArgumentError);
  EXPECT_TRUE(s.is_host(Ipv4Address::parse("10.89.3.7")));
  EXPECT_FALSE(s.is_host(Ipv4Address::parse("10.89.3.0")));
  EXPECT_FALSE(s.is_host(Ipv4Address::parse("10.89.3.255")));
  EXPECT_FALSE(s.is_host(Ipv4Address::parse("10.89.4.1")));
  EXPECT_EQ(Ipv4Subnet::parse("10.88.0.0/16").host_count(), 65534u);
  EXPECT_EQ(Ipv4Subnet::parse("10.0.0.0/30").host_count(), 2u);
  EXPECT_EQ(Ipv4Subnet::parse("10.0.0.0/31").host_count(), 0u);
  EXPECT_EQ(Ipv4Subnet::parse("10.0.0.0/32").host_count(), 0u);
  EXPECT_THROW(Ipv4Subnet::parse("10.0.0.0/32").first_host(), InvalidArgumentError);
  EXPECT_EQ(Ipv4Subnet::parse("0.0.0.0/0").host_count(), 4294967294u);
}

}  // namespace ipv4_test
}  // namespace berth::network
