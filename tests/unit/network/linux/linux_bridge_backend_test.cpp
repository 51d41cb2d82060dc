#include "network/linux/linux_bridge_backend.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::network {
namespace {

const std::string kId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(HostVethName, IsShortUniqueAndRecognisable) {
  EXPECT_EQ(host_veth_name(kId, "eth0"), "vb01234567890");
  EXPECT_EQ(host_veth_name(kId, "eth1"), "vb01234567891");
  EXPECT_EQ(host_veth_name(kId, "eth999"), "vb0123456789999");
  EXPECT_LE(host_veth_name(kId, "eth999").size(), 15u);
  std::string custom = host_veth_name(kId, "backend");
  EXPECT_EQ(custom.size(), 15u);
  EXPECT_TRUE(custom.starts_with("vb0123456789"));
  EXPECT_NE(custom, host_veth_name(kId, "frontend"));
  EXPECT_EQ(host_veth_name(kId, "eth1234").size(), 15u);
}

TEST(HostVethName, RejectsIdsThatAreNotHex) {
  EXPECT_THROW(host_veth_name("short", "eth0"), InvalidArgumentError);
  EXPECT_THROW(host_veth_name("ABCDEF0123456789", "eth0"), InvalidArgumentError);
  EXPECT_THROW(host_veth_name("01234/6789abcdef", "eth0"), InvalidArgumentError);
}

TEST(GatewayCidr, CarriesTheSubnetsPrefix) {
  NetworkRecord n;
  n.name = "berth";
  n.subnet = "10.88.0.0/16";
  n.gateway = "10.88.0.1";
  EXPECT_EQ(gateway_cidr(n), "10.88.0.1/16");
  n.gateway = "10.89.0.1";
  EXPECT_THROW(gateway_cidr(n), InvalidArgumentError);
  n.gateway = "10.88.0.1/16";
  EXPECT_THROW(gateway_cidr(n), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::network
