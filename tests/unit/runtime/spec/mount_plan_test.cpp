#include "runtime/spec/mount_plan.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

using Strings = std::vector<std::string>;

Json only_user_mount(const MountRequest& m, bool read_only_rootfs = false) {
  ContainerConfig c;
  c.read_only = read_only_rootfs;
  c.mounts = {m};
  auto list = build_mounts(c);
  return list.mounts.back();
}

TEST(MergeMountOptions, LaterWins) {
  EXPECT_EQ(merge_mount_options({"noexec", "nosuid", "nodev", "rprivate", "exec", "size=1m",
                                 "mode=1777", "size=2m"}),
            (Strings{"nosuid", "nodev", "rprivate", "exec", "mode=1777", "size=2m"}));
  EXPECT_EQ(merge_mount_options({"rw", "ro", "", "ro"}), (Strings{"ro"}));
}

TEST(BuildMounts, TmpfsDefaultsAndOverrides) {
  EXPECT_EQ(only_user_mount({"tmpfs", "", "/tmp", false, {}})["options"],
            Json(Strings{"noexec", "nosuid", "nodev", "rprivate"}));
  EXPECT_EQ(only_user_mount({"tmpfs", "", "/tmp", true, {"exec", "mode=1777"}})["options"],
            Json(Strings{"nosuid", "nodev", "rprivate", "exec", "mode=1777", "ro"}));
}

TEST(BuildMounts, BindOptions) {
  EXPECT_EQ(only_user_mount({"bind", "/h", "/c", false, {}})["options"],
            Json(Strings{"rbind", "rprivate"}));
  EXPECT_EQ(only_user_mount({"bind", "/h", "/c", false, {"ro", "z"}})["options"],
            Json(Strings{"rbind", "ro", "rprivate"}));
  EXPECT_EQ(only_user_mount({"bind", "/h", "/c/", false, {"bind", "nosuid", "rslave"}}),
            Json::parse(R"({"destination":"/c","type":"bind","source":"/h",
                            "options":["bind","nosuid","rslave"]})"));
}

TEST(BuildMounts, SharedBindsMakeTheRootShared) {
  ContainerConfig c;
  c.mounts = {{"bind", "/a", "/a", false, {"rslave"}}};
  EXPECT_EQ(build_mounts(c).rootfs_propagation, "rslave");
  c.mounts.push_back({"bind", "/b", "/b", false, {"rshared"}});
  EXPECT_EQ(build_mounts(c).rootfs_propagation, "rshared");
  c.mounts = {{"bind", "/a", "/a", false, {}}};
  EXPECT_EQ(build_mounts(c).rootfs_propagation, "");
}

void expect_invalid(const MountRequest& m, const std::string& message) {
  try {
    validate_mounts({m});
    FAIL() << "expected: " << message;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.what(), message);
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(ValidateMounts, DockerWording) {
  expect_invalid({"bind", "/h", "c", false, {}},
                 "invalid mount config for type \"bind\": invalid mount path: 'c' mount path "
                 "must be absolute");
  expect_invalid({"bind", "/h", "/", false, {}}, "invalid specification: destination can't be '/'");
  expect_invalid({"bind", "/h", "/a/..", false, {}},
                 "invalid specification: destination can't be '/'");
  expect_invalid({"bind", "", "/c", false, {}},
                 "invalid mount config for type \"bind\": field Source must not be empty");
  expect_invalid({"volume", "x", "/c", false, {}},
                 "invalid mount config: mount type unknown: \"volume\"");
  expect_invalid({"tmpfs", "", "", false, {}},
                 "invalid mount config for type \"tmpfs\": field Target must not be empty");
  EXPECT_THROW(
      validate_mounts({{"bind", "/a", "/x/y", false, {}}, {"bind", "/b", "/x//y/.", false, {}}}),
      InvalidArgumentError);
  EXPECT_NO_THROW(
      validate_mounts({{"bind", "/a", "/x", false, {}}, {"tmpfs", "", "/x/y", false, {}}}));
}

}  // namespace
}  // namespace berth::runtime
