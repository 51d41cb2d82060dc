#include <gtest/gtest.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {
namespace {

class ProcessPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ensure_directory(root.path() / "etc");
    write_file_atomic(root.path() / "etc/passwd",
                      "root:x:0:0:root:/root:/bin/sh\n"
                      "app:x:1000:1000:app:/home/app:/bin/sh\n");
    write_file_atomic(root.path() / "etc/group",
                      "root:x:0:\napp:x:1000:\nvideo:x:44:app\naudio:x:29:other\n");
    config.id = std::string(64, 'a');
    config.rootfs = root.path();
  }
  TempDir root;
  ContainerConfig config;
};

// Docker's table "Understand how CMD and ENTRYPOINT interact".
TEST_F(ProcessPlanTest, EntrypointAndCmdCombineAsDockerDocuments) {
  config.image_config = {{"Entrypoint", {"/ep"}}, {"Cmd", {"c1", "c2"}}};
  EXPECT_EQ(plan_process(config).argv, (std::vector<std::string>{"/ep", "c1", "c2"}));
  config.command = {"x"};
  EXPECT_EQ(plan_process(config).argv, (std::vector<std::string>{"/ep", "x"}));
  config.command = {};
  config.entrypoint = std::vector<std::string>{"/other"};
  EXPECT_EQ(plan_process(config).argv, std::vector<std::string>{"/other"})
      << "--entrypoint drops CMD";
  config.entrypoint = std::vector<std::string>{};
  config.image_config = {{"Entrypoint", {"/ep"}}};
  EXPECT_THROW(plan_process(config), InvalidArgumentError);
  config.entrypoint.reset();
  config.image_config = {{"Cmd", {"/bin/sh", "-c", "echo"}}};
  EXPECT_EQ(plan_process(config).argv, (std::vector<std::string>{"/bin/sh", "-c", "echo"}));
  config.init_binary = "/usr/bin/catatonit";
  EXPECT_EQ(plan_process(config).argv.at(0), "/sbin/docker-init");
  EXPECT_EQ(plan_process(config).argv.at(1), "--");
}

TEST_F(ProcessPlanTest, ResolvesUsersAndGroupsFromTheImage) {
  config.image_config = {{"Cmd", {"true"}}};
  auto plan = plan_process(config);
  EXPECT_EQ(plan.uid, 0u);
  config.user = "app";
  plan = plan_process(config);
  EXPECT_EQ(plan.uid, 1000u);
  EXPECT_EQ(plan.gid, 1000u);
  EXPECT_EQ(plan.additional_gids, std::vector<uint32_t>{44});
  EXPECT_NE(std::find(plan.env.begin(), plan.env.end(), "HOME=/home/app"), plan.env.end());
  config.user = "1000:44";
  plan = plan_process(config);
  EXPECT_EQ(plan.gid, 44u);
  config.user = "app:audio";
  EXPECT_EQ(plan_process(config).gid, 29u);
  config.user = "4242";
  plan = plan_process(config);
  EXPECT_EQ(plan.uid, 4242u) << "numeric users need no passwd entry";
  EXPECT_EQ(plan.gid, 0u);
  config.user = "nobody";
  try {
    plan_process(config);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unable to find user nobody: no matching entries in passwd file");
  }
  config.user = "app:nogroup";
  EXPECT_THROW(plan_process(config), Error);
}

TEST_F(ProcessPlanTest, PasswdSymlinkPointingOutsideStaysInsideTheRootfs) {
  // /etc/passwd -> /../../../../etc/passwd must resolve inside the rootfs, not on the host.
  fs::remove(root.path() / "etc/passwd");
  ASSERT_EQ(::symlink("/../../../../../../etc/passwd", (root.path() / "etc/passwd").c_str()), 0);
  config.image_config = {{"Cmd", {"true"}}};
  config.user = "root";  // exists in the host's passwd, and nowhere inside the rootfs
  EXPECT_THROW(plan_process(config), Error);
}

TEST_F(ProcessPlanTest, EnvironmentOrderAndDefaults) {
  config.image_config = {{"Cmd", {"true"}}, {"Env", {"A=image", "B=image"}}};
  config.env = {"B=flag", "C=flag"};
  config.tty = true;
  config.hostname = "box";
  auto env = plan_process(config).env;
  auto has = [&](const std::string& e) {
    return std::find(env.begin(), env.end(), e) != env.end();
  };
  EXPECT_TRUE(has("A=image"));
  EXPECT_TRUE(has("B=flag"));
  EXPECT_TRUE(has("C=flag"));
  EXPECT_TRUE(has("HOSTNAME=box"));
  EXPECT_TRUE(has("TERM=xterm"));
  EXPECT_TRUE(has("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
  config.workdir = "/w";
  EXPECT_EQ(plan_process(config).cwd, "/w");
}

TEST(EnvFile, FollowsDockerRules) {
  auto env = parse_env_file("# comment\n\nA=1\n  B=two words\nBARE\nC=\n", "f.env");
  EXPECT_EQ(env, (std::vector<std::string>{"A=1", "B=two words", "BARE", "C="}));
  try {
    parse_env_file("OK=1\nbad name=x\n", "f.env");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "f.env:2: variable 'bad name' contains whitespaces");
  }
}

TEST(MemorySize, ParsesBinaryUnits) {
  EXPECT_EQ(parse_memory_size("512"), 512);
  EXPECT_EQ(parse_memory_size("64k"), 64 * 1024);
  EXPECT_EQ(parse_memory_size("10m"), 10 * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("1.5g"), 1536LL * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("2MB"), 2 * 1024 * 1024);
  EXPECT_THROW(parse_memory_size("lots"), InvalidArgumentError);
  EXPECT_THROW(parse_memory_size("10x"), InvalidArgumentError);
  EXPECT_THROW(parse_memory_size(""), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::runtime
