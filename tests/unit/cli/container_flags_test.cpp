#include "cli/commands/container_flags.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::cli {
namespace {

ContainerFlags base() {
  ContainerFlags f;
  f.image = "busybox";
  return f;
}

std::string error_of(const ContainerFlags& f) {
  try {
    make_request(f);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125) << e.what();
    return e.what();
  }
  return "";
}

TEST(ContainerFlags, VolumeSpecsFollowDocker) {
  auto f = base();
  f.volumes = {":/x"};
  EXPECT_EQ(error_of(f), "invalid spec: :/x: empty section between colons");
  f.volumes = {"/tmp:relative"};
  EXPECT_EQ(error_of(f),
            "invalid mount config for type \"bind\": invalid mount path: 'relative' mount path "
            "must be absolute");
  f.volumes = {"/tmp:/x:bogus"};
  EXPECT_EQ(error_of(f), "invalid mode: bogus");
  TempDir dir;
  f.volumes = {dir.path().string() + "/new:/data:ro"};
  auto r = make_request(f);
  ASSERT_EQ(r.mounts.size(), 1u);
  EXPECT_TRUE(r.mounts[0].read_only);
  EXPECT_TRUE(fs::is_directory(dir.path() / "new")) << "-v creates a missing host directory";
}

TEST(ContainerFlags, MountAndTmpfs) {
  auto f = base();
  f.mounts = {"type=bind,source=/nonexistent-berth,target=/x"};
  EXPECT_NE(error_of(f).find("bind source path does not exist"), std::string::npos);
  f.mounts = {"type=tmpfs,target=/t,tmpfs-size=1m"};
  f.tmpfs = {"/run:size=64k"};
  auto r = make_request(f);
  ASSERT_EQ(r.mounts.size(), 2u);
  EXPECT_EQ(r.mounts[0].options, std::vector<std::string>{"size=1m"});
  EXPECT_EQ(r.mounts[1].destination, "/run");
}

TEST(ContainerFlags, EnvResolvesBareNamesFromTheCaller) {
  ::setenv("BERTH_TEST_VAR", "from-host", 1);
  ::unsetenv("BERTH_TEST_UNSET");
  auto f = base();
  f.env = {"A=1", "BERTH_TEST_VAR", "BERTH_TEST_UNSET"};
  auto r = make_request(f);
  EXPECT_EQ(r.env, (std::vector<std::string>{"A=1", "BERTH_TEST_VAR=from-host"}));
}

TEST(ContainerFlags, ConflictsAndUnsupported) {
  auto f = base();
  f.auto_remove = true;
  f.restart = "always";
  EXPECT_EQ(error_of(f), "conflicting options: cannot specify both --restart and --rm");
  f = base();
  f.network = "bridge";
  EXPECT_NE(error_of(f).find("only none and host are supported yet"), std::string::npos);
  f = base();
  f.workdir = "relative";
  EXPECT_NE(error_of(f).find("needs to be an absolute path"), std::string::npos);
  f = base();
  f.entrypoint_set = true;
  f.entrypoint = "";
  auto r = make_request(f);
  ASSERT_TRUE(r.entrypoint);
  EXPECT_TRUE(r.entrypoint->empty()) << "--entrypoint \"\" clears the image's entrypoint";
}

}  // namespace
}  // namespace berth::cli
