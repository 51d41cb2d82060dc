#include "network/linux/firewall.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "base/error.hpp"

namespace berth::network {
namespace {

NetworkRecord network(bool internal = false) {
  NetworkRecord n;
  n.name = "web";
  n.subnet = "10.89.0.0/24";
  n.gateway = "10.89.0.1";
  n.bridge = "berth1";
  n.internal = internal;
  return n;
}

PortBinding port(const std::string& proto, uint16_t host, uint16_t container,
                 const std::string& host_ip = "") {
  PortBinding p;
  p.protocol = proto;
  p.host_port = host;
  p.container_port = container;
  p.host_ip = host_ip;
  return p;
}

TEST(Firewall, BaseTableOwnsOnlyTableBerth) {
  std::string script = render_base_table();
  EXPECT_TRUE(script.starts_with("add table ip berth"));
  std::istringstream lines(script);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_NE(line.find(" ip berth "), std::string::npos) << line;
    EXPECT_FALSE(line.starts_with("delete")) << "the base must never drop state: " << line;
  }
}

TEST(Firewall, BaseTableRewritesItsChainsIdempotently) {
  std::string script = render_base_table();
  for (const char* chain :
       {"publish", "prerouting", "output", "postrouting", "forward", "input", "guard"}) {
    std::string flush = std::string("flush chain ip berth ") + chain + "\n";
    std::string rule = std::string("add rule ip berth ") + chain + " ";
    ASSERT_NE(script.find(flush), std::string::npos) << chain;
    ASSERT_NE(script.find(rule), std::string::npos) << chain;
    EXPECT_LT(script.find(flush), script.find(rule)) << chain << " rules must follow its flush";
  }
  for (const char* set : {"bridges", "internal_bridges", "no_host_bridges", "no_private_bridges",
                          "bridge_loops", "nat_sources", "ports_any", "ports_addr"}) {
    EXPECT_NE(script.find(std::string(" ip berth ") + set + " {"), std::string::npos) << set;
  }
  EXPECT_NE(script.find("priority dstnat"), std::string::npos);
  EXPECT_NE(script.find("type nat hook output priority -100"), std::string::npos);
  EXPECT_NE(script.find("fib daddr type local jump publish"), std::string::npos);
  EXPECT_NE(script.find("ct status dnat ip saddr 127.0.0.0/8 masquerade"), std::string::npos);
  // `ct status != dnat` would compare the whole status word; the bit must be masked.
  EXPECT_NE(script.find("ct status & dnat == 0 drop"), std::string::npos);
}

TEST(Firewall, NetworkAddMasqueradesItsSubnet) {
  EXPECT_EQ(render_network_add(network()),
            "add element ip berth bridges { \"berth1\" }\n"
            "add element ip berth bridge_loops { \"berth1\" . \"berth1\" }\n"
            "add element ip berth nat_sources { 10.89.0.0/24 }\n");
}

TEST(Firewall, InternalNetworkIsIsolatedNotMasqueraded) {
  EXPECT_EQ(render_network_add(network(true)),
            "add element ip berth bridges { \"berth1\" }\n"
            "add element ip berth bridge_loops { \"berth1\" . \"berth1\" }\n"
            "add element ip berth internal_bridges { \"berth1\" }\n");
}

TEST(Firewall, NetworkWithoutHostAccessJoinsTheHostAndPrivateDropSets) {
  auto n = network();
  n.options[kHostAccessOption] = "false";
  EXPECT_EQ(render_network_add(n),
            "add element ip berth bridges { \"berth1\" }\n"
            "add element ip berth bridge_loops { \"berth1\" . \"berth1\" }\n"
            "add element ip berth nat_sources { 10.89.0.0/24 }\n"
            "add element ip berth no_host_bridges { \"berth1\" }\n"
            "add element ip berth no_private_bridges { \"berth1\" }\n");
  EXPECT_NE(render_base_table().find("input iifname @no_host_bridges drop"), std::string::npos);
}

TEST(Firewall, PrivateEgressIsTheAdminsChoicePerNetwork) {
  auto n = network();
  n.options[kHostAccessOption] = "false";
  n.options[kPrivateEgressOption] = "true";
  EXPECT_EQ(render_network_add(n).find("no_private_bridges"), std::string::npos);
  n = network();
  n.options[kPrivateEgressOption] = "false";
  EXPECT_EQ(render_network_add(n),
            "add element ip berth bridges { \"berth1\" }\n"
            "add element ip berth bridge_loops { \"berth1\" . \"berth1\" }\n"
            "add element ip berth nat_sources { 10.89.0.0/24 }\n"
            "add element ip berth no_private_bridges { \"berth1\" }\n");
  EXPECT_EQ(render_network_remove(n).find("delete element ip berth no_private_bridges { "
                                          "\"berth1\" }\n"),
            render_network_remove(n).rfind("delete element"));
}

// The position of `needle` in the script, which must hold it.
size_t position(const std::string& script, const std::string& needle) {
  size_t at = script.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return at;
}

TEST(Firewall, NoHostNetworksGetNoPublishedPortOfTheHost) {
  std::string script = render_base_table();
  size_t drop = position(script,
                         "add rule ip berth forward iifname @no_host_bridges "
                         "ct status dnat drop\n");
  // A hairpin to its own network's published port stays open: the bridge loop accepts first.
  EXPECT_LT(position(script, "forward iifname . oifname @bridge_loops accept"), drop);
  EXPECT_LT(position(script, "forward ct state established,related accept"), drop);
}

TEST(Firewall, PrivateRangesAndLinkLocalAreDroppedInForward) {
  std::string script = render_base_table();
  size_t drop = position(
      script,
      "add rule ip berth forward iifname @no_private_bridges ct status & dnat == 0 ip daddr { "
      "10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 } drop\n");
  // The network's own subnet (and DNS on its gateway, in input) stays reachable.
  EXPECT_LT(position(script, "forward iifname . oifname @bridge_loops accept"), drop);
  // Answers to connections from outside (a LAN client of a published port) still go back.
  EXPECT_LT(position(script, "forward ct state established,related accept"), drop);
}

TEST(Firewall, NoHostNetworksGetDnsOnlyFromTheirOwnGateway) {
  std::string script = render_base_table();
  size_t dns = position(script,
                        "add rule ip berth input iifname @no_host_bridges fib daddr . iif type "
                        "local meta l4proto { tcp, udp } th dport 53 accept\n");
  EXPECT_LT(dns, position(script, "add rule ip berth input iifname @no_host_bridges drop\n"));
  // Not port 53 of any host address (a resolver on the host's LAN address or on loopback).
  EXPECT_EQ(script.find("@no_host_bridges meta l4proto { tcp, udp } th dport 53"),
            std::string::npos);
}

TEST(Firewall, NoBridgeReachesTheHostsLoopbackThroughRouteLocalnet) {
  std::string script = render_base_table();
  EXPECT_NE(script.find("add chain ip berth guard { type filter hook prerouting priority raw; "
                        "policy accept; }\n"),
            std::string::npos)
      << "before conntrack and NAT, so the publish map never sees 127.0.0.1 from a bridge";
  EXPECT_NE(script.find("add rule ip berth guard iifname @bridges ip daddr 127.0.0.0/8 drop\n"),
            std::string::npos);
}

TEST(Firewall, NetworkRemoveIsIdempotent) {
  EXPECT_EQ(render_network_remove(network()),
            "add element ip berth bridges { \"berth1\" }\n"
            "delete element ip berth bridges { \"berth1\" }\n"
            "add element ip berth bridge_loops { \"berth1\" . \"berth1\" }\n"
            "delete element ip berth bridge_loops { \"berth1\" . \"berth1\" }\n"
            "add element ip berth nat_sources { 10.89.0.0/24 }\n"
            "delete element ip berth nat_sources { 10.89.0.0/24 }\n");
}

TEST(Firewall, PublishFillsTheMapsInOneLineEach) {
  EXPECT_EQ(render_publish("10.89.0.2", {port("tcp", 8080, 80), port("udp", 5353, 53),
                                         port("tcp", 9000, 9000, "127.0.0.1"),
                                         port("tcp", 9001, 9001, "0.0.0.0")}),
            "add element ip berth ports_any { tcp . 8080 : 10.89.0.2 . 80, "
            "udp . 5353 : 10.89.0.2 . 53, tcp . 9001 : 10.89.0.2 . 9001 }\n"
            "add element ip berth ports_addr { tcp . 127.0.0.1 . 9000 : 10.89.0.2 . 9000 }\n");
}

TEST(Firewall, UnpublishAddsThenDeletesByKey) {
  EXPECT_EQ(
      render_unpublish("10.89.0.2", {port("tcp", 8080, 80), port("tcp", 9000, 90, "127.0.0.1")}),
      "add element ip berth ports_any { tcp . 8080 : 10.89.0.2 . 80 }\n"
      "delete element ip berth ports_any { tcp . 8080 }\n"
      "add element ip berth ports_addr { tcp . 127.0.0.1 . 9000 : 10.89.0.2 . 90 }\n"
      "delete element ip berth ports_addr { tcp . 127.0.0.1 . 9000 }\n");
}

TEST(Firewall, NothingToPublishRendersNothing) {
  EXPECT_EQ(render_publish("10.89.0.2", {}), "");
  EXPECT_EQ(render_unpublish("10.89.0.2", {}), "");
}

TEST(Firewall, RejectsWhatWouldChangeTheScript) {
  EXPECT_THROW(render_publish("10.89.0.2", {port("icmp", 1, 1)}), InvalidArgumentError);
  EXPECT_THROW(render_publish("10.89.0.2", {port("tcp", 0, 80)}), InvalidArgumentError);
  EXPECT_THROW(render_publish("10.89.0.2", {port("tcp", 80, 0)}), InvalidArgumentError);
  EXPECT_THROW(render_publish("10.89.0.2", {port("tcp", 80, 80, "::1")}), InvalidArgumentError);
  EXPECT_THROW(render_publish("10.89.0.2 }; flush ruleset", {port("tcp", 80, 80)}),
               InvalidArgumentError);
  EXPECT_THROW(render_publish("fd00::2", {port("tcp", 80, 80)}), InvalidArgumentError);
  NetworkRecord n = network();
  n.bridge = "berth1\" }";
  EXPECT_THROW(render_network_add(n), InvalidArgumentError);
  n = network();
  n.bridge = "a-name-too-long-for-linux";
  EXPECT_THROW(render_network_add(n), InvalidArgumentError);
  n = network();
  n.subnet = "10.89.0.0";
  EXPECT_THROW(render_network_add(n), InvalidArgumentError);
  n.subnet = "10.89.0.7/24";  // host bits: berth.db never holds it, nft would reject it
  EXPECT_THROW(render_network_add(n), InvalidArgumentError);
}

TEST(Firewall, RemoveTableNeverFailsOnAMissingTable) {
  EXPECT_EQ(render_remove_table(), "add table ip berth\ndelete table ip berth\n");
}

}  // namespace
}  // namespace berth::network
