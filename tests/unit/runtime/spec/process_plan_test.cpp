#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {
namespace {

using Args = std::vector<std::string>;

ContainerConfig config_with(Json image_config) {
  ContainerConfig c;
  c.id = std::string(64, 'a');
  c.rootfs = "/nonexistent-rootfs-for-argv-only";
  c.image_config = std::move(image_config);
  return c;
}

// Docker's documentation table "Understand how CMD and ENTRYPOINT interact"; shell forms are
// stored by builders as ["/bin/sh", "-c", "..."].
const Json kShellEntry = Args{"/bin/sh", "-c", "exec_entry p1_entry"};
const Json kExecEntry = Args{"exec_entry", "p1_entry"};
const Json kShellCmd = Args{"/bin/sh", "-c", "exec_cmd p1_cmd"};
const Json kExecCmd = Args{"exec_cmd", "p1_cmd"};
const Json kParamCmd = Args{"p1_cmd", "p2_cmd"};

struct Row {
  Json entrypoint;  // null = none
  Json cmd;
  Args expected;  // empty = "no command specified"
};

TEST(ResolveArgv, DockerDocsTable) {
  const Row rows[] = {
      {nullptr, nullptr, {}},
      {kShellEntry, nullptr, {"/bin/sh", "-c", "exec_entry p1_entry"}},
      {kExecEntry, nullptr, {"exec_entry", "p1_entry"}},
      {nullptr, kExecCmd, {"exec_cmd", "p1_cmd"}},
      {kShellEntry, kExecCmd, {"/bin/sh", "-c", "exec_entry p1_entry", "exec_cmd", "p1_cmd"}},
      {kExecEntry, kExecCmd, {"exec_entry", "p1_entry", "exec_cmd", "p1_cmd"}},
      {nullptr, kParamCmd, {"p1_cmd", "p2_cmd"}},
      {kShellEntry, kParamCmd, {"/bin/sh", "-c", "exec_entry p1_entry", "p1_cmd", "p2_cmd"}},
      {kExecEntry, kParamCmd, {"exec_entry", "p1_entry", "p1_cmd", "p2_cmd"}},
      {nullptr, kShellCmd, {"/bin/sh", "-c", "exec_cmd p1_cmd"}},
      {kShellEntry,
       kShellCmd,
       {"/bin/sh", "-c", "exec_entry p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"}},
      {kExecEntry, kShellCmd, {"exec_entry", "p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"}},
  };
  for (const auto& row : rows) {
    Json image = Json::object();
    image["Entrypoint"] = row.entrypoint;
    image["Cmd"] = row.cmd;
    auto c = config_with(image);
    SCOPED_TRACE(image.dump());
    if (row.expected.empty()) {
      try {
        resolve_argv(c);
        FAIL() << "expected an error";
      } catch (const InvalidArgumentError& e) {
        EXPECT_STREQ(e.what(), "no command specified");
        EXPECT_EQ(e.exit_code(), 125);
      }
    } else {
      EXPECT_EQ(resolve_argv(c), row.expected);
    }
  }
}

TEST(ResolveArgv, CommandReplacesImageCmdButKeepsEntrypoint) {
  auto c = config_with({{"Entrypoint", kExecEntry}, {"Cmd", kExecCmd}});
  c.command = {"echo", "hi"};
  EXPECT_EQ(resolve_argv(c), (Args{"exec_entry", "p1_entry", "echo", "hi"}));
}

TEST(ResolveArgv, EntrypointFlagDropsImageCmd) {
  auto c = config_with({{"Entrypoint", kExecEntry}, {"Cmd", kExecCmd}});
  c.entrypoint = Args{"/bin/true"};
  EXPECT_EQ(resolve_argv(c), (Args{"/bin/true"}));
  c.command = {"x", "y"};
  EXPECT_EQ(resolve_argv(c), (Args{"/bin/true", "x", "y"}));
}

TEST(ResolveArgv, EmptyEntrypointClearsIt) {
  for (const Args& cleared : {Args{}, Args{""}}) {
    auto c = config_with({{"Entrypoint", kExecEntry}, {"Cmd", kExecCmd}});
    c.entrypoint = cleared;
    EXPECT_THROW(resolve_argv(c), InvalidArgumentError) << "image Cmd must not come back";
    c.command = {"echo", "hi"};
    EXPECT_EQ(resolve_argv(c), (Args{"echo", "hi"}));
  }
}

TEST(ResolveArgv, ToleratesMissingOrOddImageConfig) {
  auto c = config_with(nullptr);
  c.command = {"sh"};
  EXPECT_EQ(resolve_argv(c), (Args{"sh"}));
  c = config_with({{"Cmd", "not-a-list"}});
  EXPECT_THROW(resolve_argv(c), InvalidArgumentError);
}

TEST(PlanProcess, InitIsNotPartOfTheArgv) {
  TempDir rootfs;
  auto c = config_with({{"Cmd", Args{"sleep", "1"}}});
  c.rootfs = rootfs.path();
  c.init_binary = "/usr/bin/catatonit";
  EXPECT_EQ(plan_process(c).argv, (Args{"sleep", "1"})) << "inspect shows the user's command";
}

TEST(PlanProcess, WorkingDirectory) {
  TempDir rootfs;
  auto c = config_with({{"Cmd", Args{"sh"}}});
  c.rootfs = rootfs.path();
  EXPECT_EQ(plan_process(c).cwd, "/");
  c.image_config["WorkingDir"] = "/app/";
  EXPECT_EQ(plan_process(c).cwd, "/app");
  c.workdir = "/srv//data/../x";
  EXPECT_EQ(plan_process(c).cwd, "/srv/x");
  c.workdir = "relative";
  try {
    plan_process(c);
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(),
                 "the working directory 'relative' is invalid, it needs to be an absolute path");
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(PlanProcess, EnvironmentDefaults) {
  TempDir rootfs;
  auto c = config_with({{"Cmd", Args{"sh"}}});
  c.rootfs = rootfs.path();
  auto plan = plan_process(c);
  EXPECT_EQ(plan.env, (Args{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                            "HOSTNAME=aaaaaaaaaaaa", "HOME=/"}));
  c.tty = true;
  c.hostname = "web";
  plan = plan_process(c);
  EXPECT_EQ(plan.env, (Args{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                            "HOSTNAME=web", "TERM=xterm", "HOME=/"}));
}

TEST(PlanProcess, EnvironmentMergeOrder) {
  TempDir rootfs;
  auto c = config_with({{"Cmd", Args{"sh"}},
                        {"Env", Args{"PATH=/opt/bin", "LANG=C.UTF-8", "A=image", "TERM=dumb"}}});
  c.rootfs = rootfs.path();
  c.tty = true;
  c.env = {"B=user", "A=user", "B=user2", "HOME=/home/x"};
  auto plan = plan_process(c);
  // Defaults replaced in place, then the user's, then the image's the user did not set.
  EXPECT_EQ(plan.env, (Args{"PATH=/opt/bin", "HOSTNAME=aaaaaaaaaaaa", "TERM=dumb", "B=user2",
                            "A=user", "HOME=/home/x", "LANG=C.UTF-8"}));
}

TEST(PlanProcess, BareUserVariableUnsets) {
  TempDir rootfs;
  auto c = config_with({{"Cmd", Args{"sh"}}, {"Env", Args{"SECRET=x", "KEEP=1"}}});
  c.rootfs = rootfs.path();
  c.env = {"SECRET"};
  auto plan = plan_process(c);
  for (const auto& e : plan.env) EXPECT_NE(e.rfind("SECRET", 0), 0u) << e;
  EXPECT_NE(std::find(plan.env.begin(), plan.env.end(), "KEEP=1"), plan.env.end());
}

}  // namespace
}  // namespace berth::runtime
