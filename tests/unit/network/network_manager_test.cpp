#include "network/network_manager.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/network/fake_network_backend.hpp"
#include "network/network_schema.hpp"

namespace berth::network {
namespace {

class NetworkManagerTest : public ::testing::Test {
 protected:
  std::string id(char c) { return std::string(64, c); }
  bool logged(const std::string& line) {
    return std::find(backend.log.begin(), backend.log.end(), line) != backend.log.end();
  }

  TempDir root;
  store::Database db{root.path() / "berth.db",
                     std::vector<const store::Schema*>{&network_schema()}};
  FakeNetworkBackend backend;
  NetworkManager manager{db, backend, root.path() / "run"};
};

TEST_F(NetworkManagerTest, DefaultNetworkIsMadeOnceUnderItsAliases) {
  auto n = manager.ensure_default();
  EXPECT_EQ(n.name, "berth");
  EXPECT_FALSE(n.dns_enabled);
  EXPECT_EQ(n.bridge, "br-" + n.id.substr(0, 12));
  EXPECT_EQ(manager.inspect("bridge").id, n.id);
  EXPECT_EQ(manager.inspect("default").id, n.id);
  EXPECT_EQ(manager.ensure_default().id, n.id);
}

TEST_F(NetworkManagerTest, UserNetworksHaveDnsAndRefuseReservedNames) {
  auto n = manager.create({"web", "10.231.0.0/24", std::nullopt, false, {}});
  EXPECT_TRUE(n.dns_enabled);
  EXPECT_EQ(n.gateway, "10.231.0.1");
  EXPECT_THROW(manager.create({"bridge", std::nullopt, std::nullopt, false, {}}), ConflictError);
  EXPECT_THROW(manager.create({"x", std::nullopt, "10.0.0.1", false, {}}), InvalidArgumentError);
  EXPECT_THROW(manager.create({"y", "10.232.0.0/24", "10.233.0.1", false, {}}),
               InvalidArgumentError);
}

TEST_F(NetworkManagerTest, ConnectsLeasesPublishesAndUndoesEverything) {
  manager.create({"web", "10.231.0.0/24", std::nullopt, false, {}});
  auto got = manager.connect_container(id('a'), "a", {{"web", {"alpha"}, "10.231.0.9"}},
                                       {{"tcp", "127.0.0.1", 0, 80}});
  EXPECT_EQ(got.netns, root.path() / "run" / "netns" / id('a'));
  ASSERT_EQ(got.attachments.size(), 1u);
  EXPECT_EQ(got.attachments[0].ip, "10.231.0.9");
  EXPECT_EQ(got.dns_servers, std::vector<std::string>{"10.231.0.1"});
  ASSERT_EQ(got.ports.size(), 1u);
  EXPECT_NE(got.ports[0].host_port, 0) << "a random host port is chosen";
  EXPECT_TRUE(logged("attach web eth0 10.231.0.9 default"));
  EXPECT_TRUE(logged("publish " + std::to_string(got.ports[0].host_port) + "->10.231.0.9:80"));
  EXPECT_EQ(manager.ports_of_container(id('a')).size(), 1u);

  manager.disconnect_container(id('a'));
  EXPECT_TRUE(logged("unpublish 10.231.0.9 x1"));
  EXPECT_TRUE(logged("detach web 10.231.0.9 with-netns"));
  EXPECT_TRUE(manager.attachments_of_container(id('a')).empty());
  EXPECT_TRUE(manager.ports_of_container(id('a')).empty());
  EXPECT_EQ(backend.log.back(), "netns- " + id('a'));
}

TEST_F(NetworkManagerTest, AFailedAttachLeavesNoLeaseNoPortAndNoNamespace) {
  manager.create({"web", "10.231.0.0/24", std::nullopt, false, {}});
  backend.fail_attach = true;
  EXPECT_THROW(manager.connect_container(id('b'), "b", {{"web", {}, ""}}, {{"tcp", "", 0, 80}}),
               Error);
  EXPECT_TRUE(manager.attachments_of_container(id('b')).empty());
  EXPECT_TRUE(manager.ports_of_container(id('b')).empty());
  EXPECT_EQ(backend.log.back(), "netns- " + id('b'));
  backend.fail_attach = false;
  auto got = manager.connect_container(id('b'), "b", {{"web", {}, ""}}, {});
  EXPECT_EQ(got.attachments[0].ip, "10.231.0.2") << "the failed attempt's lease was released";
}

TEST_F(NetworkManagerTest, FixedAddressesOnlyOnUserNetworks) {
  EXPECT_THROW(manager.connect_container(id('c'), "c", {{"bridge", {}, "10.88.0.9"}}, {}),
               InvalidArgumentError);
}

TEST_F(NetworkManagerTest, NetworksInUseAreKeptByRemoveAndPrune) {
  manager.create({"used", "10.231.0.0/24", std::nullopt, false, {}});
  manager.create({"idle", "10.232.0.0/24", std::nullopt, false, {}});
  manager.connect_container(id('d'), "d", {{"used", {}, ""}}, {});
  EXPECT_THROW(manager.remove("used"), ConflictError);
  EXPECT_THROW(manager.remove("berth"), Error);
  EXPECT_EQ(manager.prune(), std::vector<std::string>{"idle"});
  manager.disconnect_container(id('d'));
  manager.remove("used");
  EXPECT_THROW(manager.inspect("used"), NotFoundError);
}

TEST_F(NetworkManagerTest, PrivateEgressIsAnOptionAndFollowsHostAccessByDefault) {
  CreateOptions o{"space", "10.231.0.0/24", std::nullopt, false, {}};
  o.options = {{kHostAccessOption, "false"}};
  auto closed = manager.create(o);
  EXPECT_FALSE(closed.host_access());
  EXPECT_FALSE(closed.private_egress()) << "a Space network is closed to the LAN by default";
  o = {"lan", "10.232.0.0/24", std::nullopt, false, {}};
  o.options = {{kHostAccessOption, "false"}, {kPrivateEgressOption, "true"}};
  EXPECT_TRUE(manager.create(o).private_egress());
  EXPECT_TRUE(manager.create({"plain", "10.233.0.0/24", std::nullopt, false, {}}).private_egress())
      << "Docker's behaviour for ordinary networks";
  o = {"bad", std::nullopt, std::nullopt, false, {}};
  o.options = {{kPrivateEgressOption, "no"}};
  EXPECT_THROW(manager.create(o), InvalidArgumentError);
  o.options = {{"berth.other", "true"}};
  EXPECT_THROW(manager.create(o), InvalidArgumentError);
}

TEST_F(NetworkManagerTest, BuildNetworkIsMadeClosedOnFirstUseAndIsReserved) {
  auto n = manager.ensure_build_network();
  EXPECT_EQ(n.name, kBuildNetworkName);
  EXPECT_FALSE(n.host_access());
  EXPECT_FALSE(n.private_egress());
  EXPECT_FALSE(n.internal) << "builds download from the internet";
  EXPECT_TRUE(n.dns_enabled) << "the host's resolver may be on loopback or the LAN";
  EXPECT_EQ(manager.ensure_build_network().id, n.id);
  EXPECT_EQ(manager.inspect(kBuildNetworkName).id, n.id);
  EXPECT_THROW(manager.create({kBuildNetworkName, std::nullopt, std::nullopt, false, {}}),
               ConflictError);
  EXPECT_TRUE(manager.prune().empty());
  auto got = manager.connect_container(id('e'), "e", {{kBuildNetworkName, {}, ""}}, {});
  EXPECT_EQ(got.attachments[0].network_id, n.id);
  EXPECT_EQ(got.dns_servers, std::vector<std::string>{n.gateway});
  manager.disconnect_container(id('e'));
  manager.remove(kBuildNetworkName);
  EXPECT_TRUE(logged("remove " + std::string(kBuildNetworkName)));
}

TEST_F(NetworkManagerTest, AnOpenNetworkUnderTheBuildNameIsRefusedNotUsed) {
  // As one made by `network create berth-build` before the name was reserved.
  NetworkStore store(db);
  NetworkRecord open;
  open.id = std::string(64, 'f');
  open.name = kBuildNetworkName;
  open.subnet = "10.234.0.0/24";
  open.gateway = "10.234.0.1";
  open.bridge = "br-ffffffffffff";
  store.create(open);
  EXPECT_THROW(manager.ensure_build_network(), ConflictError);
  EXPECT_THROW(manager.connect_container(id('f'), "f", {{kBuildNetworkName, {}, ""}}, {}),
               ConflictError);
  manager.remove(kBuildNetworkName);
  EXPECT_FALSE(manager.ensure_build_network().host_access());
}

}  // namespace
}  // namespace berth::network
