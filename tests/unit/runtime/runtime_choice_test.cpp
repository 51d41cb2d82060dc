#include "runtime/runtime_choice.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {
namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(CgroupHost, PureV2) {
  TempDir root;
  write(root.path() / "cgroup.controllers", "cpuset cpu io memory pids\n");
  auto host = detect_cgroup_host(root.path());
  EXPECT_EQ(host.layout, CgroupLayout::kV2);
  EXPECT_EQ(host.v2_controllers, "cpuset cpu io memory pids");
}

TEST(CgroupHost, HybridWithControllersOnV2) {
  TempDir root;
  std::filesystem::create_directories(root.path() / "memory");
  write(root.path() / "unified" / "cgroup.controllers", "hugetlb\n");
  auto host = detect_cgroup_host(root.path());
  EXPECT_EQ(host.layout, CgroupLayout::kHybrid);
  EXPECT_EQ(host.v2_mount, root.path() / "unified");
  EXPECT_EQ(host.v2_controllers, "hugetlb");
}

TEST(CgroupHost, HybridWithEmptyV2CountsAsV1) {
  TempDir root;
  write(root.path() / "unified" / "cgroup.controllers", "\n");
  EXPECT_EQ(detect_cgroup_host(root.path()).layout, CgroupLayout::kV1);
  TempDir bare;
  EXPECT_EQ(detect_cgroup_host(bare.path()).layout, CgroupLayout::kV1);
}

TEST(OciRuntime, KnownNames) {
  EXPECT_NO_THROW(check_runtime_name("runc"));
  EXPECT_NO_THROW(check_runtime_name("crun"));
  EXPECT_NO_THROW(check_runtime_name("youki"));
  try {
    check_runtime_name("kata");
    FAIL() << "kata accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown or invalid runtime name: kata"),
              std::string::npos);
  }
}

TEST(OciRuntime, CrunRefusesHybridCgroupsAndNamesTheFix) {
  CgroupHost hybrid{CgroupLayout::kHybrid, "/sys/fs/cgroup/unified", "hugetlb"};
  EXPECT_NO_THROW(check_runtime_supports_host("runc", hybrid));
  EXPECT_NO_THROW(check_runtime_supports_host("crun", CgroupHost{CgroupLayout::kV2, "/x", "cpu"}));
  EXPECT_NO_THROW(check_runtime_supports_host("crun", CgroupHost{}));
  try {
    check_runtime_supports_host("crun", hybrid);
    FAIL() << "crun accepted on hybrid cgroups";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_NE(message.find("hybrid"), std::string::npos);
    EXPECT_NE(message.find("hugetlb"), std::string::npos);
    EXPECT_NE(message.find("--runtime runc"), std::string::npos);
    EXPECT_NE(message.find("systemd.unified_cgroup_hierarchy=1"), std::string::npos);
  }
}

TEST(OciRuntime, MissingBinaryIsAnEngineError) {
  TempDir empty;
  const char* old = getenv("PATH");
  std::string saved = old ? old : "";
  setenv("PATH", empty.path().c_str(), 1);
  try {
    check_runtime_installed("crun");
    FAIL() << "crun found in an empty PATH";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_NE(std::string(e.what()).find("apt-get install crun"), std::string::npos);
  }
  setenv("PATH", saved.c_str(), 1);
}

TEST(OciRuntime, DefaultFromEnvironmentAndStateRootPerRuntime) {
  unsetenv("BERTH_RUNTIME");
  EXPECT_EQ(default_runtime_name(), "runc");
  setenv("BERTH_RUNTIME", "crun", 1);
  EXPECT_EQ(default_runtime_name(), "crun");
  unsetenv("BERTH_RUNTIME");
  EXPECT_EQ(runtime_state_root("/run/berth", "crun"), "/run/berth/crun");
}

}  // namespace
}  // namespace berth::runtime
