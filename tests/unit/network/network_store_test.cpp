#include "network/network_store.hpp"

#include <gtest/gtest.h>

#include <set>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "network/network_schema.hpp"

namespace berth::network {
namespace network_store_test {

template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

class NetworkStoreTest : public ::testing::Test {
 protected:
  NetworkRecord make(const std::string& name, const std::string& subnet) {
    NetworkRecord n;
    n.name = name;
    n.subnet = subnet;
    return n;
  }

  Attachment container(const std::string& id, const std::string& ip = "") {
    Attachment a;
    a.container_id = id;
    a.container_name = "c-" + id;
    a.ip = ip;
    a.aliases = {id.substr(0, 12)};
    return a;
  }

  PortBinding port(uint16_t host, uint16_t container, std::string ip = "",
                   std::string proto = "tcp") {
    return {std::move(proto), std::move(ip), host, container};
  }

  TempDir root;
  store::Database db{root.path() / "berth.db",
                     std::vector<const store::Schema*>{&network_schema()}};
  NetworkStore store{db};
};

TEST_F(NetworkStoreTest, CreateFillsIdsAndDefaults) {
  NetworkRecord r = make("web", "10.89.0.0/24");
  r.labels = {{"a", "b"}};
  r.dns_enabled = true;
  auto n = store.create(r);
  EXPECT_EQ(n.id.size(), 64u);
  EXPECT_EQ(n.id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_FALSE(n.created.empty());
  EXPECT_EQ(n.gateway, "10.89.0.1");
  EXPECT_EQ(n.bridge, "berth0");
  auto back = store.resolve("web");
  EXPECT_EQ(back.id, n.id);
  EXPECT_EQ(back.subnet, "10.89.0.0/24");
  EXPECT_EQ(back.gateway, "10.89.0.1");
  EXPECT_EQ(back.bridge, "berth0");
  EXPECT_EQ(back.driver, "bridge");
  EXPECT_TRUE(back.dns_enabled);
  EXPECT_FALSE(back.internal);
  EXPECT_EQ(back.labels, r.labels);
  EXPECT_EQ(back.created, n.created);

  NetworkRecord given = make("given", "10.90.0.0/16");
  given.id = std::string(64, 'f');
  given.created = "2024-01-01T00:00:00Z";
  given.gateway = "10.90.0.254";
  given.bridge = "berth7";
  given.internal = true;
  auto g = store.create(given);
  EXPECT_EQ(g.id, given.id);
  EXPECT_EQ(store.resolve("given").created, "2024-01-01T00:00:00Z");
  EXPECT_EQ(store.resolve("given").gateway, "10.90.0.254");
  EXPECT_TRUE(store.resolve("given").internal);
}

TEST_F(NetworkStoreTest, CreateConflictsAndValidation) {
  store.create(make("web", "10.89.0.0/24"));
  EXPECT_EQ(error_of<ConflictError>([&] { store.create(make("web", "10.89.1.0/24")); }),
            "network with name web already exists");
  EXPECT_EQ(error_of<ConflictError>([&] { store.create(make("other", "10.89.0.128/25")); }),
            "invalid pool request: Pool overlaps with other one on this address space");
  EXPECT_EQ(error_of<ConflictError>([&] { store.create(make("wide", "10.0.0.0/8")); }),
            "invalid pool request: Pool overlaps with other one on this address space");
  auto same_bridge = make("b", "10.89.2.0/24");
  same_bridge.bridge = "berth0";
  EXPECT_THROW(store.create(same_bridge), ConflictError);
  EXPECT_THROW(store.create(make("bad name", "10.89.3.0/24")), InvalidArgumentError);
  EXPECT_THROW(store.create(make("-x", "10.89.3.0/24")), InvalidArgumentError);
  EXPECT_THROW(store.create(make("x", "10.89.3.1/24")), InvalidArgumentError);
  auto far_gateway = make("x", "10.89.3.0/24");
  far_gateway.gateway = "10.89.4.1";
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { store.create(far_gateway); }),
            "no matching subnet for gateway 10.89.4.1");
  EXPECT_EQ(store.list().size(), 1u);
}

TEST_F(NetworkStoreTest, FindByNameIdAndPrefix) {
  auto one = make("one", "10.89.0.0/24");
  one.id = "ab" + std::string(62, '1');
  auto two = make("two", "10.89.1.0/24");
  two.id = "ab" + std::string(62, '2');
  store.create(one);
  store.create(two);
  EXPECT_EQ(store.resolve("one").id, one.id);
  EXPECT_EQ(store.resolve(two.id).name, "two");
  EXPECT_EQ(store.resolve("ab1").name, "one");
  EXPECT_FALSE(store.find("zz"));
  EXPECT_FALSE(store.find(""));
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { store.find("ab"); }),
            "network ab is ambiguous (2 matches found based on ID prefix)");
  EXPECT_EQ(error_of<NotFoundError>([&] { store.resolve("nope"); }), "network nope not found");
}

TEST_F(NetworkStoreTest, ListIsByNameAndRemoveDeletes) {
  store.create(make("zeta", "10.89.0.0/24"));
  auto alpha = store.create(make("alpha", "10.89.1.0/24"));
  auto all = store.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "alpha");
  EXPECT_EQ(all[1].name, "zeta");
  store.remove(alpha.id);
  EXPECT_FALSE(store.find("alpha"));
  EXPECT_EQ(store.list().size(), 1u);
}

TEST_F(NetworkStoreTest, RemoveRefusesWhileAttached) {
  auto n = store.create(make("web", "10.89.0.0/24"));
  store.attach(n, container("c1"));
  EXPECT_EQ(error_of<ConflictError>([&] { store.remove(n.id); }),
            "error while removing network: network web id " + n.id + " has active endpoints");
  store.detach(n.id, "c1");
  store.remove(n.id);
  EXPECT_TRUE(store.list().empty());
}

TEST_F(NetworkStoreTest, NextBridgeNameIsLowestUnused) {
  EXPECT_EQ(store.next_bridge_name(), "berth0");
  auto a = make("a", "10.89.0.0/24");
  a.bridge = "berth0";
  auto b = make("b", "10.89.1.0/24");
  b.bridge = "berth2";
  store.create(a);
  store.create(b);
  EXPECT_EQ(store.next_bridge_name(), "berth1");
  EXPECT_EQ(store.create(make("c", "10.89.2.0/24")).bridge, "berth1");
  EXPECT_EQ(store.next_bridge_name(), "berth3");
}

TEST_F(NetworkStoreTest, NextFreeSubnetSkipsStoredAndHostRoutes) {
  EXPECT_EQ(store.next_free_subnet({}), "10.89.0.0/24");
  store.create(make("a", "10.89.0.0/24"));
  EXPECT_EQ(store.next_free_subnet({}), "10.89.1.0/24");
  EXPECT_EQ(store.next_free_subnet({Ipv4Subnet::parse("10.89.1.0/25")}), "10.89.2.0/24");
  EXPECT_EQ(store.next_free_subnet({Ipv4Subnet::parse("10.89.0.0/20")}), "10.89.16.0/24");
  EXPECT_EQ(error_of<InvalidArgumentError>(
                [&] { store.next_free_subnet({Ipv4Subnet::parse("10.89.0.0/16")}); }),
            "could not find an available, non-overlapping IPv4 address pool among the defaults "
            "to assign to the network");
}

TEST_F(NetworkStoreTest, AttachAllocatesLowestFreeAddressSkippingTheGateway) {
  auto n = store.create(make("web", "10.88.0.0/16"));
  auto a = store.attach(n, container("c1"));
  EXPECT_EQ(a.ip, "10.88.0.2");
  EXPECT_EQ(a.mac, "02:42:0a:58:00:02");
  EXPECT_EQ(a.network_id, n.id);
  EXPECT_EQ(store.attach(n, container("c2")).ip, "10.88.0.3");
  EXPECT_EQ(store.attach(n, container("c3")).ip, "10.88.0.4");
  store.detach(n.id, "c2");
  EXPECT_EQ(store.attach(n, container("c4")).ip, "10.88.0.3");

  auto back = store.attachments_of_container("c1");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].ip, "10.88.0.2");
  EXPECT_EQ(back[0].mac, "02:42:0a:58:00:02");
  EXPECT_EQ(back[0].container_name, "c-c1");
  EXPECT_EQ(back[0].interface_name, "eth0");
  EXPECT_EQ(back[0].aliases, std::vector<std::string>{"c1"});
  EXPECT_EQ(store.attachments_of_network(n.id).size(), 3u);
}

TEST_F(NetworkStoreTest, AttachWithGatewayElsewhere) {
  auto r = make("web", "10.89.0.0/29");
  r.gateway = "10.89.0.6";
  auto n = store.create(r);
  std::vector<std::string> ips;
  for (int i = 0; i < 5; ++i) ips.push_back(store.attach(n, container("c" + std::to_string(i))).ip);
  EXPECT_EQ(ips, (std::vector<std::string>{"10.89.0.1", "10.89.0.2", "10.89.0.3", "10.89.0.4",
                                           "10.89.0.5"}));
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { store.attach(n, container("full")); }),
            "no available IPv4 addresses on this network's address pools: web");
}

TEST_F(NetworkStoreTest, AttachRequestedAddress) {
  auto n = store.create(make("web", "10.89.0.0/24"));
  auto a = store.attach(n, container("c1", "10.89.0.2"));
  EXPECT_EQ(a.ip, "10.89.0.2");
  EXPECT_EQ(a.mac, "02:42:0a:59:00:02");
  EXPECT_EQ(store.attach(n, container("c2", "10.89.0.254")).ip, "10.89.0.254");
  // Allocation goes around requested addresses.
  EXPECT_EQ(store.attach(n, container("c3")).ip, "10.89.0.3");
}

TEST_F(NetworkStoreTest, AttachErrors) {
  auto n = store.create(make("web", "10.89.0.0/24"));
  store.attach(n, container("c1", "10.89.0.50"));
  EXPECT_EQ(error_of<ConflictError>([&] { store.attach(n, container("c2", "10.89.0.50")); }),
            "Address already in use");
  EXPECT_EQ(error_of<ConflictError>([&] { store.attach(n, container("c2", "10.89.0.1")); }),
            "Address already in use");
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { store.attach(n, container("c2", "10.89.1.5")); }),
            "no configured subnet or ip-range contain the IP address 10.89.1.5");
  EXPECT_THROW(store.attach(n, container("c2", "10.89.0.255")), InvalidArgumentError);
  EXPECT_THROW(store.attach(n, container("c2", "10.89.0.0")), InvalidArgumentError);
  EXPECT_THROW(store.attach(n, container("c2", "nope")), InvalidArgumentError);
  EXPECT_EQ(error_of<ConflictError>([&] { store.attach(n, container("c1")); }),
            "endpoint with name c-c1 already exists in network web");
  EXPECT_EQ(store.attachments_of_network(n.id).size(), 1u);

  auto gone = store.create(make("gone", "10.89.1.0/24"));
  store.remove(gone.id);
  EXPECT_EQ(error_of<NotFoundError>([&] { store.attach(gone, container("c3")); }),
            "network gone not found");
}

TEST_F(NetworkStoreTest, ContainerOnSeveralNetworks) {
  auto a = store.create(make("a", "10.89.0.0/24"));
  auto b = store.create(make("b", "10.89.1.0/24"));
  auto first = container("c1");
  store.attach(a, first);
  auto second = container("c1");
  second.interface_name = "eth1";
  store.attach(b, second);
  auto all = store.attachments_of_container("c1");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].network_id, a.id);
  EXPECT_EQ(all[0].ip, "10.89.0.2");
  EXPECT_EQ(all[1].network_id, b.id);
  EXPECT_EQ(all[1].interface_name, "eth1");
  store.detach(a.id, "c1");
  store.detach(a.id, "c1");  // missing is fine
  EXPECT_EQ(store.attachments_of_container("c1").size(), 1u);
}

TEST_F(NetworkStoreTest, TwoConnectionsNeverShareAnAddress) {
  store::Database other_db(root.path() / "berth.db",
                           std::vector<const store::Schema*>{&network_schema()});
  NetworkStore other(other_db);
  auto n = store.create(make("web", "10.89.0.0/24"));
  std::set<std::string> ips;
  for (int i = 0; i < 40; ++i) {
    auto& s = i % 2 ? other : store;
    ips.insert(s.attach(n, container("c" + std::to_string(i))).ip);
  }
  EXPECT_EQ(ips.size(), 40u);
  for (int i = 2; i <= 41; ++i) EXPECT_TRUE(ips.count("10.89.0." + std::to_string(i))) << i;
  EXPECT_EQ(other.attachments_of_network(n.id).size(), 40u);
  EXPECT_EQ(other.resolve("web").id, n.id);
}

TEST_F(NetworkStoreTest, MacIsDockers) {
  EXPECT_EQ(NetworkStore::mac_for(Ipv4Address::parse("172.17.0.2")), "02:42:ac:11:00:02");
  EXPECT_EQ(NetworkStore::mac_for(Ipv4Address::parse("10.255.1.254")), "02:42:0a:ff:01:fe");
}

TEST_F(NetworkStoreTest, BindsAndReleasesPorts) {
  store.bind_ports("c1", {port(8080, 80), port(5353, 53, "127.0.0.1", "udp")});
  store.bind_ports("c2", {port(8081, 80, "0.0.0.0")});
  auto mine = store.ports_of_container("c1");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].host_port, 8080);
  EXPECT_EQ(mine[0].container_port, 80);
  EXPECT_EQ(mine[0].protocol, "tcp");
  EXPECT_EQ(mine[0].host_ip, "");
  EXPECT_EQ(mine[1].host_ip, "127.0.0.1");
  EXPECT_EQ(mine[1].protocol, "udp");
  EXPECT_EQ(store.ports_of_container("c2")[0].host_ip, "");  // 0.0.0.0 is stored as ""

  auto all = store.all_ports();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, "c1");
  EXPECT_EQ(all[0].second.host_port, 5353);
  EXPECT_EQ(all[1].second.host_port, 8080);
  EXPECT_EQ(all[2].first, "c2");

  store.release_ports("c1");
  EXPECT_TRUE(store.ports_of_container("c1").empty());
  EXPECT_EQ(store.all_ports().size(), 1u);
  store.bind_ports("c3", {port(8080, 80)});
}

TEST_F(NetworkStoreTest, PortConflicts) {
  store.bind_ports("c1", {port(8080, 80, "127.0.0.1")});
  // Same address, or every address, holds it.
  EXPECT_EQ(error_of<ConflictError>([&] { store.bind_ports("c2", {port(8080, 81, "127.0.0.1")}); }),
            "Bind for 127.0.0.1:8080 failed: port is already allocated");
  EXPECT_EQ(error_of<ConflictError>([&] { store.bind_ports("c2", {port(8080, 81)}); }),
            "Bind for 0.0.0.0:8080 failed: port is already allocated");
  // Another address or protocol does not.
  store.bind_ports("c2", {port(8080, 81, "127.0.0.2")});
  store.bind_ports("c3", {port(8080, 81, "127.0.0.1", "udp")});

  store.bind_ports("c4", {port(9090, 90)});
  EXPECT_EQ(error_of<ConflictError>([&] { store.bind_ports("c5", {port(9090, 90, "10.0.0.1")}); }),
            "Bind for 10.0.0.1:9090 failed: port is already allocated");
  // All or nothing: the first binding of a refused batch is not kept.
  EXPECT_THROW(store.bind_ports("c6", {port(7070, 70), port(9090, 90)}), ConflictError);
  EXPECT_TRUE(store.ports_of_container("c6").empty());
  // Within one batch too.
  EXPECT_THROW(store.bind_ports("c7", {port(6060, 60), port(6060, 61)}), ConflictError);
  EXPECT_TRUE(store.ports_of_container("c7").empty());
  EXPECT_THROW(store.bind_ports("c8", {port(0, 80)}), Error);
}

TEST_F(NetworkStoreTest, PortsAreSharedAcrossConnections) {
  store::Database other_db(root.path() / "berth.db",
                           std::vector<const store::Schema*>{&network_schema()});
  NetworkStore other(other_db);
  store.bind_ports("c1", {port(8080, 80)});
  EXPECT_THROW(other.bind_ports("c2", {port(8080, 80)}), ConflictError);
  EXPECT_EQ(other.ports_of_container("c1").size(), 1u);
}

}  // namespace network_store_test
}  // namespace berth::network
