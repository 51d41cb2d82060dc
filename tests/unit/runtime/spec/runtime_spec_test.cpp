#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/seccomp_profile.hpp"

namespace berth::runtime {
namespace {

ContainerConfig base_config() {
  ContainerConfig c;
  c.id = std::string(64, 'b');
  c.rootfs = "/nonexistent-rootfs";
  c.image_config = {{"Cmd", {"true"}}};
  c.seccomp_profile.clear();
  return c;
}

bool has_namespace(const Json& spec, const std::string& type) {
  for (const auto& ns : spec["linux"]["namespaces"]) {
    if (ns["type"] == type) return true;
  }
  return false;
}

TEST(RuntimeSpec, DockerDefaults) {
  auto c = base_config();
  auto spec = make_runtime_spec(c, plan_process(c), HostLimits{});
  EXPECT_TRUE(spec["process"]["noNewPrivileges"].get<bool>());
  EXPECT_EQ(spec["process"]["capabilities"]["bounding"].size(), 14u);
  for (const char* ns : {"pid", "ipc", "uts", "mount", "network"})
    EXPECT_TRUE(has_namespace(spec, ns)) << ns;
  EXPECT_EQ(spec["hostname"], std::string(12, 'b'));
  auto masked = spec["linux"]["maskedPaths"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(masked.begin(), masked.end(), "/proc/kcore"), masked.end());
  std::vector<std::string> destinations;
  for (const auto& m : spec["mounts"]) destinations.push_back(m["destination"]);
  for (const char* d :
       {"/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"}) {
    EXPECT_NE(std::find(destinations.begin(), destinations.end(), d), destinations.end()) << d;
  }
}

TEST(RuntimeSpec, HostNetworkHasNoNetworkNamespace) {
  auto c = base_config();
  c.network_mode = "host";
  EXPECT_FALSE(has_namespace(make_runtime_spec(c, plan_process(c), HostLimits{}), "network"));
}

TEST(RuntimeSpec, RlimitsNeverExceedTheHostHardLimit) {
  auto c = base_config();
  HostLimits host;
  host.hard_rlimits["RLIMIT_NOFILE"] = 4096;
  auto spec = make_runtime_spec(c, plan_process(c), host);
  ASSERT_EQ(spec["process"]["rlimits"].size(), 1u);
  EXPECT_EQ(spec["process"]["rlimits"][0]["hard"], 4096u);
  EXPECT_EQ(spec["process"]["rlimits"][0]["soft"], 4096u);
  host.hard_rlimits["RLIMIT_NOFILE"] = UINT64_MAX;
  EXPECT_EQ(make_runtime_spec(c, plan_process(c), host)["process"]["rlimits"][0]["hard"], 1048576u);
}

TEST(RuntimeSpec, ResourcesAndMounts) {
  auto c = base_config();
  c.limits.memory_bytes = 64 << 20;
  c.limits.cpus = 1.5;
  c.limits.pids_limit = 50;
  c.read_only = true;
  c.mounts = {{"bind", "/host/a/b", "/a/b", true, {}},
              {"bind", "/host/a", "/a", false, {}},
              {"tmpfs", "", "/t", false, {"size=1m"}}};
  auto spec = make_runtime_spec(c, plan_process(c), HostLimits{});
  EXPECT_EQ(spec["linux"]["resources"]["memory"]["limit"], 64 << 20);
  EXPECT_EQ(spec["linux"]["resources"]["memory"]["swap"], 128 << 20) << "Docker: swap = 2x memory";
  EXPECT_EQ(spec["linux"]["resources"]["cpu"]["quota"], 150000);
  EXPECT_EQ(spec["linux"]["resources"]["pids"]["limit"], 50);
  EXPECT_TRUE(spec["root"]["readonly"].get<bool>());
  std::vector<std::string> order;
  for (const auto& m : spec["mounts"]) order.push_back(m["destination"]);
  auto pos = [&](const std::string& d) {
    return std::find(order.begin(), order.end(), d) - order.begin();
  };
  EXPECT_LT(pos("/a"), pos("/a/b")) << "parents are mounted before children";
  EXPECT_LT(pos("/t"), static_cast<long>(order.size()));
}

TEST(Seccomp, FiltersRulesByCapabilityAndArchitecture) {
  Json profile = Json::parse(R"({
    "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]},
                {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": []}],
    "syscalls": [
      {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
      {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
      {"names": ["chown"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_CHOWN"]}},
      {"names": ["arm_only"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm64"]}},
      {"names": ["not_with_chown"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_CHOWN"]}}
    ]})");
  Json out = convert_seccomp_profile(profile, {"CAP_CHOWN"});
  EXPECT_EQ(out["architectures"], Json::array({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  std::vector<std::string> names;
  for (const auto& r : out["syscalls"]) names.push_back(r["names"][0]);
  EXPECT_EQ(names, (std::vector<std::string>{"read", "chown"}));
  EXPECT_EQ(out["defaultErrnoRet"], 1);
}

TEST(Seccomp, ConvertsTheContainersCommonProfile) {
  const char* path = "/usr/share/containers/seccomp.json";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent (golang-github-containers-common)";
  auto c = base_config();
  c.seccomp_profile = path;
  auto spec = make_runtime_spec(c, plan_process(c), HostLimits{});
  const auto& seccomp = spec["linux"]["seccomp"];
  EXPECT_EQ(seccomp["defaultAction"], "SCMP_ACT_ERRNO");
  bool allows_read = false, allows_bpf = false, allows_chroot = false;
  for (const auto& r : seccomp["syscalls"]) {
    for (const auto& n : r["names"]) {
      if (r["action"] == "SCMP_ACT_ALLOW" && n == "read") allows_read = true;
      if (r["action"] == "SCMP_ACT_ALLOW" && n == "bpf") allows_bpf = true;
      if (r["action"] == "SCMP_ACT_ALLOW" && n == "chroot") allows_chroot = true;
    }
  }
  EXPECT_TRUE(allows_read);
  EXPECT_FALSE(allows_bpf) << "bpf needs CAP_SYS_ADMIN, which Docker does not grant";
  EXPECT_TRUE(allows_chroot) << "chroot comes with CAP_SYS_CHROOT, which Docker grants";
}

}  // namespace
}  // namespace berth::runtime
