#include "server/http/host_name.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

TEST(HostWithoutPort, KeepsIpv6Brackets) {
  EXPECT_EQ(host_without_port("[::1]:80"), "[::1]");
  EXPECT_EQ(host_without_port("[::1]"), "[::1]");
  EXPECT_EQ(host_without_port("Name:80"), "name");
}

TEST(HostWithoutPort, DropsTheTrailingDot) {
  EXPECT_EQ(host_without_port("Alice-Demo.Example.Test.:8080"), "alice-demo.example.test");
}

}  // namespace
}  // namespace berth::server
