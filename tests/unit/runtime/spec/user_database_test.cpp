#include "runtime/spec/user_database.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace user_database_test {

using Gids = std::vector<uint32_t>;

const std::string kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "  app:x:1000:1000:App:/home/app:/bin/sh  \n"
    "\n"
    "# a comment line\n"
    "broken:x:notanumber:0::/:/bin/sh\n"
    "nohome:x:1001:1001::\n"
    "dup:x:2000:2000::/first:/bin/sh\n"
    "dup:x:2001:2001::/second:/bin/sh\n";

const std::string kGroup =
    "root:x:0:\n"
    "wheel:x:10:root,app\n"
    "app:x:1000:\n"
    "staff:x:50: app , other\n"
    "docker:x:999:app\n"
    "weird:x:bad:app\n";

ExecUser resolve(std::string_view spec) {
  return resolve_exec_user(spec, kPasswd, kGroup);
}

void expect_error(std::string_view spec, const std::string& message,
                  const std::optional<std::string>& passwd = kPasswd,
                  const std::optional<std::string>& group = kGroup) {
  try {
    resolve_exec_user(spec, passwd, group);
    FAIL() << "expected an error for '" << spec << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.what(), message);
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(ResolveExecUser, DefaultIsRootWithItsGroups) {
  auto u = resolve("");
  EXPECT_EQ(u.uid, 0u);
  EXPECT_EQ(u.gid, 0u);
  EXPECT_EQ(u.home, "/root");
  EXPECT_EQ(u.supplementary_gids, (Gids{10}));
}

TEST(ResolveExecUser, ByName) {
  auto u = resolve("app");
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 1000u);
  EXPECT_EQ(u.home, "/home/app");
  EXPECT_EQ(u.supplementary_gids, (Gids{10, 50, 999}));
}

TEST(ResolveExecUser, ByUidUsesTheEntryWhenThereIsOne) {
  auto u = resolve("1000");
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 1000u);
  EXPECT_EQ(u.home, "/home/app");
  EXPECT_EQ(u.supplementary_gids, (Gids{10, 50, 999}));
}

TEST(ResolveExecUser, UnknownUidNeedsNoEntry) {
  auto u = resolve("4242");
  EXPECT_EQ(u.uid, 4242u);
  EXPECT_EQ(u.gid, 0u);
  EXPECT_EQ(u.home, "/");
  EXPECT_TRUE(u.supplementary_gids.empty());
}

TEST(ResolveExecUser, ExplicitGroupDropsSupplementaryGroups) {
  auto u = resolve("app:docker");
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 999u);
  EXPECT_TRUE(u.supplementary_gids.empty());
  u = resolve("1000:1000");
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 1000u);
  EXPECT_TRUE(u.supplementary_gids.empty());
  u = resolve("4242:7777");  // neither in the files: numeric ids are taken as they are
  EXPECT_EQ(u.uid, 4242u);
  EXPECT_EQ(u.gid, 7777u);
  u = resolve("app:50");
  EXPECT_EQ(u.gid, 50u);
}

TEST(ResolveExecUser, FirstMatchWinsAndMalformedLinesAreSkipped) {
  auto u = resolve("dup");
  EXPECT_EQ(u.uid, 2000u);
  EXPECT_EQ(u.home, "/first");
  expect_error("broken", "unable to find user broken: no matching entries in passwd file");
  EXPECT_EQ(resolve("nohome").home, "/");
}

TEST(ResolveExecUser, DockerErrors) {
  expect_error("nobody", "unable to find user nobody: no matching entries in passwd file");
  expect_error("app:nogroup", "unable to find group nogroup: no matching entries in group file");
  expect_error("-1", "uids and gids must be in range 0-2147483647");
  expect_error("2147483648", "uids and gids must be in range 0-2147483647");
  expect_error("1:-5", "uids and gids must be in range 0-2147483647");
}

TEST(ResolveExecUser, MissingFiles) {
  auto u = resolve_exec_user("", std::nullopt, std::nullopt);
  EXPECT_EQ(u.uid, 0u);
  EXPECT_EQ(u.gid, 0u);
  EXPECT_EQ(u.home, "/");
  u = resolve_exec_user("1000:1000", std::nullopt, std::nullopt);
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 1000u);
  u = resolve_exec_user("1000", std::nullopt, std::nullopt);
  EXPECT_EQ(u.gid, 0u);
  expect_error("app", "unable to find user app: no matching entries in passwd file", std::nullopt,
               std::nullopt);
  expect_error("1000:staff", "unable to find group staff: no matching entries in group file",
               kPasswd, std::nullopt);
}

TEST(ResolveExecUser, ExtraFieldsAfterTheGroupAreIgnored) {
  auto u = resolve("1000:50:junk");
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 50u);
}

}  // namespace user_database_test
}  // namespace berth::runtime
