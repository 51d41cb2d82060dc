#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/docker_defaults.hpp"
#include "runtime/spec/seccomp_profile.hpp"

namespace berth::runtime {
namespace {

using Strings = std::vector<std::string>;

class RuntimeSpec : public ::testing::Test {
 protected:
  RuntimeSpec() {
    c_.id = "0123456789abcdef" + std::string(48, '0');
    c_.rootfs = "/var/lib/berth/containers/x/merged";
    c_.image_config = {{"Cmd", {"sh"}}};
    c_.seccomp_profile = "";  // each test that wants seccomp sets it
    c_.cgroups_path = "/berth/x";
    plan_.argv = {"sh"};
    plan_.env = {"PATH=/bin"};
    host_.hard_rlimits["RLIMIT_NOFILE"] = 1048576;
    host_.kernel = KernelVersion{6, 1};
    host_.cpus = 4;
  }
  Json spec() { return make_runtime_spec(c_, plan_, host_); }

  static Strings destinations(const Json& spec) {
    Strings out;
    for (const auto& m : spec["mounts"]) out.push_back(m["destination"]);
    return out;
  }
  static const Json* mount_at(const Json& spec, const std::string& destination) {
    for (const auto& m : spec["mounts"]) {
      if (m["destination"] == destination) return &m;
    }
    return nullptr;
  }
  static Strings namespaces(const Json& spec) {
    Strings out;
    for (const auto& n : spec["linux"]["namespaces"]) out.push_back(n["type"]);
    return out;
  }

  ContainerConfig c_;
  ProcessPlan plan_;
  HostLimits host_;
};

TEST_F(RuntimeSpec, Shape) {
  Json s = spec();
  EXPECT_EQ(s["ociVersion"], "1.0.2-dev");
  EXPECT_EQ(s["root"], (Json{{"path", c_.rootfs.string()}, {"readonly", false}}));
  EXPECT_EQ(s["hostname"], "0123456789ab");
  EXPECT_EQ(s["process"]["args"], Json(Strings{"sh"}));
  EXPECT_EQ(s["process"]["env"], Json(Strings{"PATH=/bin"}));
  EXPECT_EQ(s["process"]["cwd"], "/");
  EXPECT_EQ(s["process"]["terminal"], false);
  EXPECT_EQ(s["process"]["noNewPrivileges"], true);
  EXPECT_EQ(s["process"]["oomScoreAdj"], 0);
  EXPECT_EQ(s["process"]["user"],
            (Json{{"uid", 0}, {"gid", 0}, {"additionalGids", std::vector<int>{0}}}));
  EXPECT_EQ(s["linux"]["cgroupsPath"], "/berth/x");
  EXPECT_FALSE(s.contains("annotations"));
  EXPECT_FALSE(s["linux"].contains("seccomp")) << "an empty profile path means unconfined";
}

TEST_F(RuntimeSpec, UserAndGroups) {
  plan_.uid = 1000;
  plan_.gid = 100;
  plan_.additional_gids = {10, 100, 44};
  c_.tty = true;
  Json s = spec();
  // Docker puts the primary group first.
  EXPECT_EQ(s["process"]["user"],
            (Json{{"uid", 1000}, {"gid", 100}, {"additionalGids", std::vector<int>{100, 10, 44}}}));
  EXPECT_EQ(s["process"]["terminal"], true);
}

TEST_F(RuntimeSpec, DockerCapabilitiesForRoot) {
  Json caps = spec()["process"]["capabilities"];
  Strings expected = {"CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
                      "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
                      "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
                      "CAP_KILL",    "CAP_AUDIT_WRITE"};
  EXPECT_EQ(caps["bounding"], Json(expected));
  EXPECT_EQ(caps["effective"], Json(expected));
  EXPECT_EQ(caps["permitted"], Json(expected));
  EXPECT_FALSE(caps.contains("inheritable"));
  EXPECT_FALSE(caps.contains("ambient"));
}

TEST_F(RuntimeSpec, NonRootKeepsOnlyTheBoundingSet) {
  plan_.uid = 1000;
  Json caps = spec()["process"]["capabilities"];
  EXPECT_EQ(caps["bounding"].size(), 14u);
  EXPECT_TRUE(caps["effective"].empty());
  EXPECT_TRUE(caps["permitted"].empty());
}

TEST_F(RuntimeSpec, InitMountComesBeforeUserMounts) {
  c_.init_binary = "/usr/bin/tini";
  c_.mounts = {{"bind", "/h", "/app", false, {}}};
  auto d = destinations(spec());
  EXPECT_EQ(d, (Strings{"/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                        "/sys/fs/cgroup", "/sbin/docker-init", "/app"}));
}

TEST_F(RuntimeSpec, InitWrapsTheCommand) {
  plan_.argv = {"python", "app.py"};
  c_.init_binary = "/usr/bin/catatonit";
  Json s = spec();
  EXPECT_EQ(s["process"]["args"], Json(Strings{"/sbin/docker-init", "--", "python", "app.py"}));
  const Json* init = mount_at(s, "/sbin/docker-init");
  ASSERT_NE(init, nullptr);
  EXPECT_EQ((*init)["type"], "bind");
  EXPECT_EQ((*init)["source"], "/usr/bin/catatonit");
  EXPECT_EQ((*init)["options"], Json(Strings{"bind", "ro"}));
}

TEST_F(RuntimeSpec, RlimitsNeverExceedTheHardLimit) {
  Json r = spec()["process"]["rlimits"];
  EXPECT_EQ(r, Json::parse(R"([{"type":"RLIMIT_NOFILE","hard":1048576,"soft":1048576}])"));

  host_.hard_rlimits["RLIMIT_NOFILE"] = 20000;
  r = spec()["process"]["rlimits"];
  EXPECT_EQ(r, Json::parse(R"([{"type":"RLIMIT_NOFILE","hard":20000,"soft":20000}])"));

  host_.hard_rlimits["RLIMIT_NOFILE"] = UINT64_MAX;
  EXPECT_EQ(spec()["process"]["rlimits"][0]["hard"], 1048576);

  host_.hard_rlimits.clear();  // unknown: inherit rather than guess
  EXPECT_TRUE(spec()["process"]["rlimits"].empty());
}

TEST_F(RuntimeSpec, OomScoreAdjNeverBelowOurs) {
  host_.oom_score_adj = 200;
  EXPECT_EQ(spec()["process"]["oomScoreAdj"], 200);
  host_.oom_score_adj = -500;
  EXPECT_EQ(spec()["process"]["oomScoreAdj"], 0);
}

TEST_F(RuntimeSpec, ReadOnlyRootfs) {
  c_.read_only = true;
  c_.hosts_file = "/c/hosts";
  Json s = spec();
  EXPECT_EQ(s["root"]["readonly"], true);
  EXPECT_EQ((*mount_at(s, "/etc/hosts"))["options"], Json(Strings{"rbind", "ro", "rprivate"}));
  EXPECT_EQ((*mount_at(s, "/dev/shm"))["options"],
            Json(Strings{"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}))
      << "/dev/shm stays writable";
  EXPECT_EQ((*mount_at(s, "/dev/mqueue"))["options"], Json(Strings{"nosuid", "noexec", "nodev"}));
  EXPECT_EQ((*mount_at(s, "/sys"))["options"], Json(Strings{"nosuid", "noexec", "nodev", "ro"}));
}

TEST_F(RuntimeSpec, DefaultMounts) {
  Json s = spec();
  EXPECT_EQ(destinations(s), (Strings{"/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue",
                                      "/sys", "/sys/fs/cgroup"}));
  EXPECT_EQ(*mount_at(s, "/proc"), Json::parse(R"({"destination":"/proc","type":"proc",
      "source":"proc","options":["nosuid","noexec","nodev"]})"));
  EXPECT_EQ(*mount_at(s, "/dev"), Json::parse(R"({"destination":"/dev","type":"tmpfs",
      "source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]})"));
  EXPECT_EQ(*mount_at(s, "/dev/pts"), Json::parse(R"({"destination":"/dev/pts","type":"devpts",
      "source":"devpts","options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620",
      "gid=5"]})"));
  EXPECT_EQ(*mount_at(s, "/sys"), Json::parse(R"({"destination":"/sys","type":"sysfs",
      "source":"sysfs","options":["nosuid","noexec","nodev","ro"]})"));
  EXPECT_EQ(*mount_at(s, "/sys/fs/cgroup"), Json::parse(R"({"destination":"/sys/fs/cgroup",
      "type":"cgroup","source":"cgroup","options":["ro","nosuid","noexec","nodev"]})"));
  EXPECT_EQ((*mount_at(s, "/dev/mqueue"))["type"], "mqueue");
}

TEST_F(RuntimeSpec, UserMountsAfterDefaultsParentsFirst) {
  c_.mounts = {{"bind", "/host/deep", "/data/sub/deep", false, {}},
               {"tmpfs", "", "/run", false, {"size=64m"}},
               {"bind", "/host/data", "/data", true, {}},
               {"bind", "/host/sub", "/data/sub", false, {}}};
  c_.hosts_file = "/c/hosts";
  c_.hostname_file = "/c/hostname";
  c_.resolv_conf_file = "/c/resolv.conf";
  Json s = spec();
  EXPECT_EQ(destinations(s),
            (Strings{"/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                     "/sys/fs/cgroup", "/run", "/data", "/data/sub", "/etc/resolv.conf",
                     "/etc/hostname", "/etc/hosts", "/data/sub/deep"}));
  EXPECT_EQ(*mount_at(s, "/data"), Json::parse(R"({"destination":"/data","type":"bind",
      "source":"/host/data","options":["rbind","ro","rprivate"]})"));
  EXPECT_EQ(*mount_at(s, "/etc/hosts"), Json::parse(R"({"destination":"/etc/hosts",
      "type":"bind","source":"/c/hosts","options":["rbind","rprivate"]})"));
  EXPECT_EQ(*mount_at(s, "/run"), Json::parse(R"({"destination":"/run","type":"tmpfs",
      "source":"tmpfs","options":["noexec","nosuid","nodev","rprivate","size=64m"]})"));
}

TEST_F(RuntimeSpec, UserMountReplacesADefaultOrEtcFile) {
  c_.mounts = {{"tmpfs", "", "/dev/shm", false, {"size=1g"}},
               {"bind", "/my/hosts", "/etc/hosts", true, {}}};
  c_.hosts_file = "/c/hosts";
  Json s = spec();
  auto d = destinations(s);
  EXPECT_EQ(std::count(d.begin(), d.end(), "/dev/shm"), 1);
  EXPECT_EQ(std::count(d.begin(), d.end(), "/etc/hosts"), 1);
  EXPECT_EQ((*mount_at(s, "/dev/shm"))["options"].back(), "size=1g");
  EXPECT_EQ((*mount_at(s, "/etc/hosts"))["source"], "/my/hosts");

  c_.mounts = {{"bind", "/host/dev", "/dev", false, {}}};
  d = destinations(spec());
  EXPECT_EQ(d, (Strings{"/proc", "/sys", "/sys/fs/cgroup", "/dev", "/etc/hosts"}))
      << "a user /dev replaces Docker's /dev and everything under it";
}

TEST_F(RuntimeSpec, BadMountsAreRefused) {
  c_.mounts = {{"bind", "/a", "relative", false, {}}};
  EXPECT_THROW(spec(), InvalidArgumentError);
  c_.mounts = {{"bind", "/a", "/x", false, {}}, {"tmpfs", "", "/x/", false, {}}};
  try {
    spec();
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "Duplicate mount point: /x");
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST_F(RuntimeSpec, NetworkNone) {
  Json s = spec();
  EXPECT_EQ(namespaces(s), (Strings{"pid", "ipc", "uts", "mount", "network"}));
  EXPECT_EQ(s["linux"]["sysctl"], (Json{{"net.ipv4.ip_unprivileged_port_start", "0"},
                                        {"net.ipv4.ping_group_range", "0 2147483647"}}));
}

TEST_F(RuntimeSpec, NetworkHost) {
  c_.network_mode = "host";
  c_.hostname = "myhost";
  Json s = spec();
  EXPECT_EQ(namespaces(s), (Strings{"pid", "ipc", "uts", "mount"}));
  EXPECT_FALSE(s["linux"].contains("sysctl")) << "the host's own sysctls are not ours to set";
  EXPECT_EQ(s["hostname"], "myhost");
  c_.network_mode = "bridge";
  EXPECT_THROW(spec(), InvalidArgumentError);
}

TEST_F(RuntimeSpec, CgroupNamespaceOnlyOnCgroup2) {
  host_.cgroup2 = true;
  auto ns = namespaces(spec());
  EXPECT_NE(std::find(ns.begin(), ns.end(), "cgroup"), ns.end());
}

TEST_F(RuntimeSpec, SysctlsOnlyWhereTheKernelHasThem) {
  host_.has_unprivileged_port_start = false;
  EXPECT_EQ(spec()["linux"]["sysctl"], (Json{{"net.ipv4.ping_group_range", "0 2147483647"}}));
  host_.has_ping_group_range = false;
  EXPECT_FALSE(spec()["linux"].contains("sysctl"));
}

TEST_F(RuntimeSpec, MaskedAndReadonlyPaths) {
  Json s = spec();
  EXPECT_EQ(
      s["linux"]["maskedPaths"],
      Json(Strings{"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                   "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                   "/sys/firmware", "/sys/devices/virtual/powercap"}));
  EXPECT_EQ(s["linux"]["readonlyPaths"], Json(Strings{"/proc/bus", "/proc/fs", "/proc/irq",
                                                      "/proc/sys", "/proc/sysrq-trigger"}));
}

TEST_F(RuntimeSpec, DeviceRulesDenyFirst) {
  Json devices = spec()["linux"]["resources"]["devices"];
  ASSERT_GE(devices.size(), 2u);
  EXPECT_EQ(devices[0], (Json{{"allow", false}, {"access", "rwm"}}));
  auto allowed = [&](int major, int minor) {
    for (const auto& d : devices) {
      if (d["allow"] == true && d["type"] == "c" && d["major"] == major && d["minor"] == minor)
        return true;
    }
    return false;
  };
  for (auto [major, minor] : {std::pair{1, 3}, {1, 5}, {1, 8}, {1, 9}, {5, 0}, {5, 1}}) {
    EXPECT_TRUE(allowed(major, minor)) << major << ":" << minor;
  }
  EXPECT_FALSE(allowed(10, 229)) << "/dev/fuse";
}

TEST_F(RuntimeSpec, Resources) {
  EXPECT_EQ(spec()["linux"]["resources"].size(), 1u) << "only devices without flags";
  c_.limits.memory_bytes = 256 << 20;
  c_.limits.cpus = 1.5;
  c_.limits.cpu_shares = 512;
  c_.limits.pids_limit = 100;
  Json r = spec()["linux"]["resources"];
  EXPECT_EQ(r["memory"], (Json{{"limit", 256 << 20}, {"swap", 512 << 20}}));
  EXPECT_EQ(r["cpu"], (Json{{"quota", 150000}, {"period", 100000}, {"shares", 512}}));
  EXPECT_EQ(r["pids"], (Json{{"limit", 100}}));
}

TEST_F(RuntimeSpec, Annotations) {
  c_.annotations = {{"io.berth.name", "web"}};
  EXPECT_EQ(spec()["annotations"], (Json{{"io.berth.name", "web"}}));
}

TEST_F(RuntimeSpec, SeccompFromProfileFile) {
  TempDir dir;
  write_file_atomic(dir.path() / "p.json", R"({"defaultAction":"SCMP_ACT_ERRNO",
      "archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86"]},
                 {"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]}],
      "syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"},
                  {"names":["bpf"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}}]})");
  c_.seccomp_profile = dir.path() / "p.json";
  Json seccomp = spec()["linux"]["seccomp"];
  EXPECT_EQ(seccomp["defaultAction"], "SCMP_ACT_ERRNO");
  ASSERT_EQ(seccomp["syscalls"].size(), 1u);
  EXPECT_EQ(seccomp["syscalls"][0]["names"], Json(Strings{"read"}));
  EXPECT_EQ(seccomp["architectures"].size(), 2u);

  c_.seccomp_profile = dir.path() / "missing.json";
  EXPECT_THROW(spec(), Error);
}

TEST_F(RuntimeSpec, DefaultProfileWhenPresent) {
  ContainerConfig fresh;
  EXPECT_EQ(fresh.seccomp_profile, "/usr/share/containers/seccomp.json");
  if (!std::filesystem::exists(fresh.seccomp_profile)) {
    GTEST_SKIP() << fresh.seccomp_profile << " is absent";
  }
  c_.seccomp_profile = fresh.seccomp_profile;
  Json seccomp = spec()["linux"]["seccomp"];
  EXPECT_GT(seccomp["syscalls"].size(), 10u);
}

TEST(ReadHostLimits, ReadsThisProcess) {
  HostLimits h = read_host_limits();
  ASSERT_TRUE(h.hard_rlimits.count("RLIMIT_NOFILE"));
  EXPECT_GT(h.hard_rlimits["RLIMIT_NOFILE"], 0u);
  EXPECT_GT(h.cpus, 0u);
  EXPECT_TRUE(h.kernel.has_value());
  EXPECT_TRUE(h.oom_score_adj.has_value());
}

TEST_F(RuntimeSpec, CapDropAllThenCapAddGivesOnlyTheAdded) {
  c_.cap_drop = {"ALL"};
  c_.cap_add = {"net_admin"};
  Json caps = spec()["process"]["capabilities"];
  EXPECT_EQ(caps["bounding"], Json(Strings{"CAP_NET_ADMIN"}));
  EXPECT_EQ(caps["effective"], Json(Strings{"CAP_NET_ADMIN"}));
  EXPECT_EQ(caps["permitted"], Json(Strings{"CAP_NET_ADMIN"}));
}

TEST_F(RuntimeSpec, SeccompFollowsTheAddedCapabilities) {
  // Docker's profile opens some syscalls only to a capability, as this one does.
  TempDir dir;
  Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
      {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
      {"names": ["settimeofday"], "action": "SCMP_ACT_ALLOW",
       "includes": {"caps": ["CAP_SYS_TIME"]}}]})");
  write_file_replace(dir.path() / "seccomp.json", profile.dump());
  c_.seccomp_profile = dir.path() / "seccomp.json";
  auto allowed = [&] {
    Strings names;
    Json s = spec();
    for (const auto& rule : s["linux"]["seccomp"]["syscalls"]) {
      for (const auto& n : rule["names"]) names.push_back(n.get<std::string>());
    }
    return names;
  };
  auto before = allowed();
  EXPECT_EQ(std::count(before.begin(), before.end(), "settimeofday"), 0);
  c_.cap_add = {"SYS_TIME"};
  auto after = allowed();
  EXPECT_EQ(std::count(after.begin(), after.end(), "settimeofday"), 1);
}

TEST_F(RuntimeSpec, UlimitsBecomeRlimitsAndReplaceTheDefaultNofile) {
  c_.ulimits = {{"nofile", {123, 456}}, {"nproc", {-1, -1}}};
  Json rlimits = spec()["process"]["rlimits"];
  ASSERT_EQ(rlimits.size(), 2u) << rlimits;
  EXPECT_EQ(rlimits[0], (Json{{"type", "RLIMIT_NOFILE"}, {"hard", 456}, {"soft", 123}}));
  EXPECT_EQ(rlimits[1]["type"], "RLIMIT_NPROC");
  EXPECT_EQ(rlimits[1]["hard"].get<uint64_t>(), UINT64_MAX);
  // Without a nofile of the user's, Berth's default stays beside the others.
  c_.ulimits = {{"core", {0, 0}}};
  rlimits = spec()["process"]["rlimits"];
  ASSERT_EQ(rlimits.size(), 2u) << rlimits;
  EXPECT_EQ(rlimits[0]["type"], "RLIMIT_CORE");
  EXPECT_EQ(rlimits[1]["type"], "RLIMIT_NOFILE");
}

TEST_F(RuntimeSpec, AUlimitAboveTheHostsHardLimitIsRefusedWhenItCannotBeRaised) {
  host_.hard_rlimits["RLIMIT_NOFILE"] = 1024;
  c_.ulimits = {{"nofile", {100, 4096}}};
  host_.can_raise_rlimits = true;  // CAP_SYS_RESOURCE: the runtime may raise it
  EXPECT_EQ(spec()["process"]["rlimits"][0]["hard"], 4096);
  host_.can_raise_rlimits = false;
  try {
    spec();
    ADD_FAILURE() << "no error";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_STREQ(e.what(),
                 "--ulimit nofile: the hard limit 4096 is above this host's 1024, which berth "
                 "cannot raise without CAP_SYS_RESOURCE");
  }
  c_.ulimits = {{"nofile", {100, 1024}}};
  EXPECT_EQ(spec()["process"]["rlimits"][0]["hard"], 1024);
}

TEST_F(RuntimeSpec, ShmSizeSetsTheDevShmTmpfs) {
  c_.shm_size = 8 * 1024 * 1024;
  EXPECT_EQ((*mount_at(spec(), "/dev/shm"))["options"],
            Json(Strings{"nosuid", "noexec", "nodev", "mode=1777", "size=8388608"}));
}

}  // namespace
}  // namespace berth::runtime
