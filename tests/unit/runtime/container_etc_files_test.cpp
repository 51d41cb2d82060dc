#include "runtime/container_etc_files.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace berth::runtime
