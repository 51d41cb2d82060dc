#include "server/space_directory.hpp"

#include <gtest/gtest.h>

#include "spaces/space_host.hpp"

namespace berth::server {
namespace {

// `subdomain` as SpaceStore would have chosen it: the plain label unless given.
spaces::SpaceRecord record(std::string owner, std::string name, bool is_private,
                           std::string created, std::string subdomain = "") {
  spaces::SpaceRecord r;
  r.id = owner + "/" + name;
  r.subdomain = subdomain.empty() ? spaces::plain_host_label(owner, name) : subdomain;
  r.owner = std::move(owner);
  r.name = std::move(name);
  r.is_private = is_private;
  r.created = std::move(created);
  return r;
}

TEST(SpaceDirectory, FindsSpacesByLowercaseHostWithOrWithoutPort) {
  SpaceDirectory directory("Example.test");
  directory.replace_all({record("Alice", "Demo", true, "2026-01-01")});
  for (auto host :
       {"alice-demo.example.test", "ALICE-DEMO.example.test:8080", "alice-demo.example.test."}) {
    auto found = directory.find_by_host(host);
    ASSERT_TRUE(found) << host;
    EXPECT_EQ(found->id, "Alice/Demo");
    EXPECT_TRUE(found->is_private);
  }
  EXPECT_FALSE(directory.find_by_host("bob-demo.example.test"));
  EXPECT_FALSE(directory.find_by_host("x.alice-demo.example.test"));
  EXPECT_FALSE(directory.find_by_host("alice-demo.other.test"));
}

TEST(SpaceDirectory, ServerHostIsAnythingButASubdomain) {
  SpaceDirectory directory("localhost");
  EXPECT_TRUE(directory.is_server_host("localhost:8080"));
  EXPECT_TRUE(directory.is_server_host("127.0.0.1:8080"));
  EXPECT_TRUE(directory.is_server_host("[::1]:8080"));
  EXPECT_TRUE(directory.is_server_host(""));
  EXPECT_FALSE(directory.is_server_host("a-b.localhost:8080"));
}

TEST(SpaceDirectory, RoutesByEachSpacesOwnLabel) {
  // "a/b-c" was created second: SpaceStore gave it a suffixed label; each host reaches its own.
  SpaceDirectory directory("localhost");
  directory.replace_all({record("a", "b-c", false, "2026-02-01", "a-b-c-0a1b2c3d"),
                         record("a-b", "c", false, "2026-01-01")});
  EXPECT_EQ(directory.find_by_host("a-b-c.localhost")->id, "a-b/c");
  EXPECT_EQ(directory.find_by_host("a-b-c-0a1b2c3d.localhost")->id, "a/b-c");
}

}  // namespace
}  // namespace berth::server
