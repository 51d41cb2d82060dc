#include "runtime/spec/seccomp_profile.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/spec/docker_defaults.hpp"

namespace berth::runtime {
namespace seccomp_profile_test {

const char* kProfile = R"({
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 38,
  "defaultErrno": "ENOSYS",
  "archMap": [
    {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
    {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
  ],
  "syscalls": [
    {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "",
     "includes": {}, "excludes": {}},
    {"names": ["kexec_load"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "errno": "EPERM"},
    {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 4294967295, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
    {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
    {"names": ["cacheflush"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}},
    {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT"]}},
    {"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
     "excludes": {"caps": ["CAP_SYS_CHROOT"]}},
    {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
    {"names": ["bpf"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
     "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
    {"names": ["both"], "action": "SCMP_ACT_ALLOW",
     "includes": {"caps": ["CAP_SYS_CHROOT", "CAP_SYS_ADMIN"]}},
    {"names": ["notonx86"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
    {"names": ["clone3"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.3"}},
    {"names": ["oldkernel"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38,
     "excludes": {"minKernel": "5.3"}},
    {"name": "single", "action": "SCMP_ACT_ALLOW"}
  ]
})";

SeccompTarget amd64(std::vector<std::string> caps = default_capabilities()) {
  return {"amd64", std::move(caps), KernelVersion{6, 1}};
}

std::vector<std::string> names_of(const Json& seccomp, const std::string& action = "") {
  std::vector<std::string> out;
  for (const auto& rule : seccomp["syscalls"]) {
    if (!action.empty() && rule["action"] != action) continue;
    for (const auto& n : rule["names"]) out.push_back(n.get<std::string>());
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(SeccompProfile, ConvertsTheTopLevel) {
  Json out = convert_seccomp_profile(Json::parse(kProfile), amd64());
  EXPECT_EQ(out["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(out["defaultErrnoRet"], 38);
  EXPECT_FALSE(out.contains("defaultErrno")) << "not an OCI field";
  EXPECT_FALSE(out.contains("archMap"));
  EXPECT_EQ(out["architectures"],
            Json::parse(R"(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])"));
}

TEST(SeccompProfile, KeepsErrnoRetAndArgsAndDropsProfileOnlyFields) {
  Json out = convert_seccomp_profile(Json::parse(kProfile), amd64());
  for (const auto& rule : out["syscalls"]) {
    for (const char* gone : {"comment", "includes", "excludes", "errno", "name"}) {
      EXPECT_FALSE(rule.contains(gone)) << rule.dump();
    }
    EXPECT_FALSE(rule.contains("args") && rule["args"].empty()) << "empty args are dropped";
    if (rule["names"][0] == "kexec_load") {
      EXPECT_EQ(rule["errnoRet"], 1);
    }
    if (rule["names"][0] == "personality") {
      EXPECT_EQ(rule["args"], Json::parse(R"([{"index":0,"value":4294967295,"valueTwo":0,
                                                "op":"SCMP_CMP_EQ"}])"));
    }
  }
}

TEST(SeccompProfile, FiltersByArchitecture) {
  auto names = names_of(convert_seccomp_profile(Json::parse(kProfile), amd64()));
  EXPECT_TRUE(has(names, "arch_prctl"));
  EXPECT_FALSE(has(names, "cacheflush"));
  EXPECT_FALSE(has(names, "notonx86"));
  auto arm = convert_seccomp_profile(Json::parse(kProfile), {"arm64", default_capabilities(), {}});
  EXPECT_EQ(arm["architectures"], Json::parse(R"(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"])"));
  EXPECT_TRUE(has(names_of(arm), "cacheflush"));
  EXPECT_FALSE(has(names_of(arm), "arch_prctl"));
}

TEST(SeccompProfile, FiltersByCapabilities) {
  Json out = convert_seccomp_profile(Json::parse(kProfile), amd64());
  // Default caps include CAP_SYS_CHROOT but not CAP_SYS_ADMIN.
  EXPECT_TRUE(has(names_of(out, "SCMP_ACT_ALLOW"), "chroot"));
  EXPECT_FALSE(has(names_of(out, "SCMP_ACT_ERRNO"), "chroot"));
  EXPECT_FALSE(has(names_of(out, "SCMP_ACT_ALLOW"), "bpf"));
  EXPECT_TRUE(has(names_of(out, "SCMP_ACT_ERRNO"), "bpf"));
  EXPECT_FALSE(has(names_of(out), "both")) << "every included capability is needed";

  out = convert_seccomp_profile(Json::parse(kProfile), amd64({"CAP_SYS_ADMIN", "CAP_SYS_CHROOT"}));
  EXPECT_TRUE(has(names_of(out, "SCMP_ACT_ALLOW"), "bpf"));
  EXPECT_FALSE(has(names_of(out, "SCMP_ACT_ERRNO"), "bpf"));
  EXPECT_TRUE(has(names_of(out), "both"));

  out = convert_seccomp_profile(Json::parse(kProfile), amd64({}));
  EXPECT_FALSE(has(names_of(out, "SCMP_ACT_ALLOW"), "chroot"));
  EXPECT_TRUE(has(names_of(out, "SCMP_ACT_ERRNO"), "chroot"));
}

TEST(SeccompProfile, FiltersByKernel) {
  auto names = names_of(convert_seccomp_profile(Json::parse(kProfile), amd64()));
  EXPECT_TRUE(has(names, "clone3"));
  EXPECT_FALSE(has(names, "oldkernel"));
  auto old = names_of(convert_seccomp_profile(
      Json::parse(kProfile), {"amd64", default_capabilities(), KernelVersion{4, 19}}));
  EXPECT_FALSE(has(old, "clone3"));
  EXPECT_TRUE(has(old, "oldkernel"));
  auto unknown = names_of(
      convert_seccomp_profile(Json::parse(kProfile), {"amd64", default_capabilities(), {}}));
  EXPECT_FALSE(has(unknown, "clone3")) << "an unknown kernel does not meet a minimum";
}

TEST(SeccompProfile, SingleNameForm) {
  EXPECT_TRUE(has(names_of(convert_seccomp_profile(Json::parse(kProfile), amd64())), "single"));
  Json bad = Json::parse(R"({"syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ALLOW"}]})");
  EXPECT_THROW(convert_seccomp_profile(bad, amd64()), InvalidArgumentError);
}

TEST(SeccompProfile, MalformedProfilesAreRefused) {
  EXPECT_THROW(convert_seccomp_profile(Json::array(), amd64()), InvalidArgumentError);
  EXPECT_THROW(convert_seccomp_profile(Json::parse(R"({"syscalls": 3})"), amd64()),
               InvalidArgumentError);
  EXPECT_THROW(convert_seccomp_profile(Json::parse(R"({"architectures":["SCMP_ARCH_X86_64"],
                                   "archMap":[{"architecture":"SCMP_ARCH_X86_64"}]})"),
                                       amd64()),
               InvalidArgumentError);
  EXPECT_THROW(
      convert_seccomp_profile(Json::parse(R"({"syscalls":[{"names":["x"],"action":"SCMP_ACT_ALLOW",
                                   "includes":{"minKernel":"new"}}]})"),
                              amd64()),
      InvalidArgumentError);
}

TEST(SeccompProfile, LoadErrorsNameTheFile) {
  TempDir dir;
  try {
    load_seccomp_profile((dir.path() / "missing.json").string(), amd64());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("golang-github-containers-common"), std::string::npos);
    EXPECT_EQ(e.exit_code(), 125);
  }
  write_file_atomic(dir.path() / "bad.json", "{not json");
  EXPECT_THROW(load_seccomp_profile((dir.path() / "bad.json").string(), amd64()), Error);
}

// The profile Debian ships (golang-github-containers-common), converted as for a default
// Docker container on this machine.
TEST(SeccompProfile, RealContainersProfile) {
  const std::string path = "/usr/share/containers/seccomp.json";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is absent (apt-get install golang-github-containers-common)";
  }
  if (native_seccomp_arch() != "amd64") GTEST_SKIP() << "expectations are written for x86_64";
  Json out = load_seccomp_profile(path, {"amd64", default_capabilities(), KernelVersion{6, 1}});
  EXPECT_EQ(out["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(out["architectures"][0], "SCMP_ARCH_X86_64");
  for (const auto& a : out["architectures"]) {
    EXPECT_TRUE(a == "SCMP_ARCH_X86_64" || a == "SCMP_ARCH_X86" || a == "SCMP_ARCH_X32") << a;
  }
  auto allowed = names_of(out, "SCMP_ACT_ALLOW");
  for (const char* s : {"read", "write", "execve", "clone", "arch_prctl", "chroot", "socket"}) {
    EXPECT_TRUE(has(allowed, s)) << s;
  }
  for (const char* s : {"bpf", "acct", "kexec_load", "init_module", "open_by_handle_at",
                        "ptrace_unknown_never_listed", "cacheflush", "s390_runtime_instr"}) {
    EXPECT_FALSE(has(allowed, s)) << s;
  }
  bool errno_kept = false;
  for (const auto& rule : out["syscalls"]) {
    EXPECT_TRUE(rule.contains("names") && rule.contains("action")) << rule.dump();
    EXPECT_FALSE(rule.contains("includes") || rule.contains("excludes")) << rule.dump();
    if (rule["action"] == "SCMP_ACT_ERRNO" && rule.contains("errnoRet")) errno_kept = true;
  }
  EXPECT_TRUE(errno_kept);
  // socket: with CAP_AUDIT_WRITE granted, only the unconditional allow remains.
  int socket_rules = 0;
  for (const auto& rule : out["syscalls"]) {
    if (rule["names"] == Json::array({"socket"})) {
      ++socket_rules;
      EXPECT_FALSE(rule.contains("args")) << rule.dump();
    }
  }
  EXPECT_EQ(socket_rules, 1);
}

}  // namespace seccomp_profile_test
}  // namespace berth::runtime
