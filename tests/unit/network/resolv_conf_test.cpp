#include "network/resolv_conf.hpp"

#include <gtest/gtest.h>

namespace berth::network {
namespace {

ContainerNetworking on_default_network() {
  ContainerNetworking n;
  n.attachments.push_back(Attachment{});
  return n;
}

TEST(ContainerResolvConf, HostFileUnchangedWithoutNetworks) {
  EXPECT_EQ(container_resolv_conf(nullptr, "nameserver 127.0.0.53\n"), "nameserver 127.0.0.53\n");
}

TEST(ContainerResolvConf, DropsLoopbackServersAndKeepsTheRest) {
  auto n = on_default_network();
  EXPECT_EQ(container_resolv_conf(&n, "search lan\nnameserver 127.0.0.53\nnameserver 10.0.0.1\n"),
            "search lan\nnameserver 10.0.0.1\n");
}

TEST(ContainerResolvConf, FallsBackToGoogleWhenOnlyLoopbackServers) {
  auto n = on_default_network();
  EXPECT_EQ(container_resolv_conf(&n, "nameserver 127.0.0.53\noptions edns0\n"),
            "options edns0\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

TEST(ContainerResolvConf, NetworksWithDnsUseTheirGateways) {
  auto n = on_default_network();
  n.dns_servers = {"10.89.0.1"};
  n.search_domains = {"dns.berth"};
  EXPECT_EQ(container_resolv_conf(&n, "nameserver 10.0.0.1\n"),
            "search dns.berth\nnameserver 10.89.0.1\n");
}

TEST(OverrideResolvConf, DnsServersReplaceTheNetworksAndKeepSearchAndOptions) {
  EXPECT_EQ(override_resolv_conf("search lan\nnameserver 10.0.0.1\noptions edns0\n",
                                 {{"1.1.1.1", "9.9.9.9"}, {}, {}}),
            "search lan\nnameserver 1.1.1.1\nnameserver 9.9.9.9\noptions edns0\n");
}

TEST(OverrideResolvConf, SearchAndOptionsReplaceTheirLinesAndDotMeansNoSearch) {
  std::string base = "# a comment\nsearch lan\nnameserver 10.0.0.1\noptions edns0\n";
  EXPECT_EQ(override_resolv_conf(base, {{}, {"example.com", "corp"}, {"ndots:2", "timeout:1"}}),
            "search example.com corp\nnameserver 10.0.0.1\noptions ndots:2 timeout:1\n");
  EXPECT_EQ(override_resolv_conf(base, {{}, {"."}, {}}), "nameserver 10.0.0.1\noptions edns0\n");
}

}  // namespace
}  // namespace berth::network
