#include "conformance/network_backend_suite.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "base/error.hpp"
#include "network/ipv4.hpp"

namespace berth::network {

void NetworkBackendConformance::SetUp() {
  harness_ = GetParam().make();
  if (!harness_) GTEST_SKIP() << GetParam().name << " cannot run here";
}

void NetworkBackendConformance::TearDown() {
  if (!harness_) return;
  // Whatever a failed test left behind.
  for (const auto& path : namespaces_) {
    try {
      backend().remove_netns(path);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "removing " << path << ": " << e.what();
    }
  }
  for (const auto& n : networks_) {
    if (!harness().bridge_exists(n.bridge)) continue;
    try {
      backend().remove_network(n);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "removing network " << n.name << ": " << e.what();
    }
  }
}

NetworkRecord NetworkBackendConformance::network(int n) {
  // Unique per process: the pid in the name, the bridge and the subnet (a /26 of 10.224/12).
  uint32_t pid = static_cast<uint32_t>(::getpid());
  NetworkRecord r;
  r.id = fmt::format("{:08x}{:02x}", pid, n) + std::string(54, 'e');
  r.name = fmt::format("conform-{}-{}", pid, n);
  r.bridge = fmt::format("br-cf{:x}{}", pid & 0xffffff, n);
  uint32_t slot = ((pid & 0xfff) << 2) | (static_cast<uint32_t>(n) & 3);
  uint32_t first = (10u << 24 | 224u << 16) + slot * 64;
  auto dotted = [](uint32_t a) {
    return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
  };
  r.subnet = dotted(first) + "/26";
  r.gateway = dotted(first + 1);
  r.created = "2024-01-01T00:00:00Z";
  networks_.push_back(r);
  return r;
}

std::filesystem::path NetworkBackendConformance::netns(const std::string& name) {
  auto path = harness().netns_dir() / name;
  namespaces_.push_back(path);
  return path;
}

Attachment NetworkBackendConformance::attachment(const NetworkRecord& network, int n,
                                                 int host) const {
  Attachment a;
  a.container_id =
      fmt::format("{:08x}{:02x}", static_cast<unsigned>(::getpid()), n) + std::string(54, 'c');
  a.container_name = fmt::format("app-{}", n);
  a.network_id = network.id;
  auto ip = Ipv4Subnet::parse(network.subnet).nth_host(host);
  a.ip = ip.to_string();
  a.mac = fmt::format("02:42:{:02x}:{:02x}:{:02x}:{:02x}", ip.octet(0), ip.octet(1), ip.octet(2),
                      ip.octet(3));
  return a;
}

namespace {

// Whether `done` holds within a few seconds (the kernel tears a namespace down on its own time).
template <typename Done>
bool within_seconds(Done done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

TEST_P(NetworkBackendConformance, EnsureNetworkIsIdempotentAndRemoveTakesTheBridge) {
  auto n = network(0);
  backend().ensure_network(n);
  EXPECT_TRUE(harness().bridge_exists(n.bridge));
  backend().ensure_network(n);  // before every attach: nothing changes
  EXPECT_TRUE(harness().bridge_exists(n.bridge));
  backend().remove_network(n);
  EXPECT_FALSE(harness().bridge_exists(n.bridge));
}

TEST_P(NetworkBackendConformance, EnsureNetworkRefusesWhatItCannotMake) {
  auto other_driver = network(0);
  other_driver.driver = "macvlan";
  EXPECT_THROW(backend().ensure_network(other_driver), InvalidArgumentError);
  EXPECT_FALSE(harness().bridge_exists(other_driver.bridge));

  auto stray_gateway = network(1);
  stray_gateway.gateway = "192.0.2.1";
  EXPECT_THROW(backend().ensure_network(stray_gateway), InvalidArgumentError);
  EXPECT_FALSE(harness().bridge_exists(stray_gateway.bridge));
}

TEST_P(NetworkBackendConformance, NamespacesComeAndGo) {
  auto ns = netns("ns-a");
  backend().create_netns(ns);
  EXPECT_TRUE(harness().netns_exists(ns));
  backend().remove_netns(ns);
  EXPECT_FALSE(harness().netns_exists(ns));
  backend().remove_netns(ns);  // missing is not an error
}

TEST_P(NetworkBackendConformance, AttachWiresTheContainerAndDetachUndoesIt) {
  auto first = network(0);
  auto second = network(1);
  backend().ensure_network(first);
  backend().ensure_network(second);
  auto ns = netns("ns-attach");
  backend().create_netns(ns);

  auto a = attachment(first, 1, 2);
  auto b = attachment(second, 1, 2);
  b.interface_name = "eth1";
  backend().attach(ns, first, a, true);
  backend().attach(ns, second, b, false);
  EXPECT_TRUE(harness().attached(a));
  EXPECT_TRUE(harness().attached(b));

  backend().detach(ns, first, a, false);
  EXPECT_FALSE(harness().attached(a));
  EXPECT_TRUE(harness().attached(b)) << "the other network's interface stays";
  backend().detach(ns, first, a, false);  // missing pieces are not an error

  backend().detach(ns, second, b, false);
  backend().remove_netns(ns);
  backend().remove_network(first);
  backend().remove_network(second);
  EXPECT_FALSE(harness().bridge_exists(first.bridge));
}

TEST_P(NetworkBackendConformance, AttachRefusesAnAddressOutsideTheSubnet) {
  auto n = network(0);
  backend().ensure_network(n);
  auto ns = netns("ns-stray");
  backend().create_netns(ns);
  auto a = attachment(n, 2, 2);
  a.ip = "192.0.2.7";
  EXPECT_THROW(backend().attach(ns, n, a, true), InvalidArgumentError);
  EXPECT_FALSE(harness().attached(a));
}

TEST_P(NetworkBackendConformance, AttachNeedsItsNamespace) {
  auto n = network(0);
  backend().ensure_network(n);
  auto a = attachment(n, 3, 2);
  EXPECT_THROW(backend().attach(netns("ns-never-made"), n, a, true), Error);
  EXPECT_FALSE(harness().attached(a));
}

TEST_P(NetworkBackendConformance, RemovingTheNamespaceTakesItsInterfaces) {
  auto n = network(0);
  backend().ensure_network(n);
  auto ns = netns("ns-going");
  backend().create_netns(ns);
  auto a = attachment(n, 4, 3);
  backend().attach(ns, n, a, true);
  ASSERT_TRUE(harness().attached(a));

  backend().detach(ns, n, a, true);  // the namespace goes next, its veth with it
  backend().remove_netns(ns);
  EXPECT_FALSE(harness().netns_exists(ns));
  EXPECT_TRUE(within_seconds([&] { return !harness().attached(a); }));
}

}  // namespace berth::network
