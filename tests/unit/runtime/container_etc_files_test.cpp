#include "runtime/container_etc_files.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {
namespace {

ContainerRecord container() {
  ContainerRecord c;
  c.id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  return c;
}

TEST(ContainerEtcFilesTest, ABridgeContainerIsNamedByItsIdAndListsItsOwnAddress) {
  TempDir dir;
  ContainerRequest r;
  r.network_mode = "bridge";
  network::ContainerNetworking networking;
  networking.attachments.push_back({});
  networking.attachments.front().ip = "10.88.0.5";
  write_container_etc_files(dir.path(), container(), r, &networking);
  EXPECT_EQ(read_file(dir.path() / "hostname"), "0123456789ab\n");
  auto hosts = read_file(dir.path() / "hosts");
  EXPECT_EQ(hosts.rfind("127.0.0.1\tlocalhost\n", 0), 0u) << hosts;
  EXPECT_NE(hosts.find("10.88.0.5\t0123456789ab\n"), std::string::npos) << hosts;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "resolv.conf"));
}

TEST(ContainerEtcFilesTest, AGivenHostnameWinsAndNoNetworkAddsNoAddress) {
  TempDir dir;
  ContainerRequest r;
  r.network_mode = "none";
  r.hostname = "web";
  write_container_etc_files(dir.path(), container(), r, nullptr);
  EXPECT_EQ(read_file(dir.path() / "hostname"), "web\n");
  EXPECT_EQ(read_file(dir.path() / "hosts").find("web"), std::string::npos);
}

TEST(ContainerEtcFilesTest, ExtraHostsFollowTheDefaultsBeforeTheOwnAddress) {
  TempDir dir;
  ContainerRequest r;
  r.network_mode = "bridge";
  r.extra_hosts = {"db:10.0.0.9", "v6:::1", "gw:host-gateway"};
  network::ContainerNetworking networking;
  networking.attachments.push_back({});
  networking.attachments.front().ip = "10.88.0.5";
  write_container_etc_files(dir.path(), container(), r, &networking, "10.88.0.1");
  auto hosts = read_file(dir.path() / "hosts");
  auto db = hosts.find("10.0.0.9\tdb\n");
  auto v6 = hosts.find("::1\tv6\n");
  auto gw = hosts.find("10.88.0.1\tgw\n");
  auto own = hosts.find("10.88.0.5\t0123456789ab\n");
  ASSERT_NE(db, std::string::npos) << hosts;
  ASSERT_NE(v6, std::string::npos) << hosts;
  ASSERT_NE(gw, std::string::npos) << hosts;
  ASSERT_NE(own, std::string::npos) << hosts;
  EXPECT_GT(db, hosts.find("ip6-allrouters"));
  EXPECT_LT(gw, own);
}

TEST(ContainerEtcFilesTest, HostGatewayWithoutAnAddressIsDockersError) {
  TempDir dir;
  ContainerRequest r;
  r.network_mode = "none";
  r.extra_hosts = {"gw:host-gateway"};
  try {
    write_container_etc_files(dir.path(), container(), r, nullptr);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unable to derive the IP value for host-gateway");
  }
}

TEST(ContainerEtcFilesTest, ExtraHostsOnTheHostNetworkGetDockersDefaultsNotTheHostsFile) {
  TempDir dir;
  ContainerRequest r;
  r.network_mode = "host";
  r.extra_hosts = {"db:10.0.0.9"};
  write_container_etc_files(dir.path(), container(), r, nullptr);
  EXPECT_EQ(read_file(dir.path() / "hosts"),
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
            "ff02::2\tip6-allrouters\n10.0.0.9\tdb\n");
}

TEST(ContainerEtcFilesTest, DnsFlagsReplaceTheNetworksResolvConf) {
  TempDir dir;
  ContainerRequest r;
  r.network_mode = "bridge";
  r.dns = {"1.1.1.1", "2606:4700:4700::1111"};
  r.dns_search = {"example.com"};
  r.dns_options = {"ndots:2"};
  network::ContainerNetworking networking;
  networking.attachments.push_back({});
  networking.attachments.front().ip = "10.89.0.5";
  networking.dns_servers = {"10.89.0.1"};
  networking.search_domains = {"dns.berth"};
  write_container_etc_files(dir.path(), container(), r, &networking);
  EXPECT_EQ(read_file(dir.path() / "resolv.conf"),
            "search example.com\nnameserver 1.1.1.1\nnameserver 2606:4700:4700::1111\n"
            "options ndots:2\n");
}

}  // namespace
}  // namespace berth::runtime
