// make_runtime_spec: the OCI config.json with Docker's defaults (namespaces, mounts,
// capabilities, masked and read-only paths, seccomp, no_new_privs, resources).
#include <sys/resource.h>

#include <algorithm>
#include <climits>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/seccomp_profile.hpp"

namespace berth::runtime {
namespace {

const std::vector<std::string> kDefaultCapabilities = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};

const std::vector<std::string> kMaskedPaths = {"/proc/asound",
                                               "/proc/acpi",
                                               "/proc/kcore",
                                               "/proc/keys",
                                               "/proc/latency_stats",
                                               "/proc/timer_list",
                                               "/proc/timer_stats",
                                               "/proc/sched_debug",
                                               "/proc/scsi",
                                               "/sys/firmware",
                                               "/sys/devices/virtual/powercap"};

const std::vector<std::string> kReadonlyPaths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                                 "/proc/sysrq-trigger"};

Json mount(const std::string& destination, const std::string& type, const std::string& source,
           std::vector<std::string> options) {
  return {{"destination", destination}, {"type", type}, {"source", source}, {"options", options}};
}

// Parents before children, so a bind at /a is not hidden by one at /a/b mounted earlier.
std::vector<MountRequest> sorted_mounts(std::vector<MountRequest> mounts) {
  std::stable_sort(mounts.begin(), mounts.end(), [](const MountRequest& a, const MountRequest& b) {
    return std::count(a.destination.begin(), a.destination.end(), '/') <
           std::count(b.destination.begin(), b.destination.end(), '/');
  });
  return mounts;
}

}  // namespace

HostLimits read_host_limits() {
  HostLimits h;
  struct rlimit r {};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0) {
    h.hard_rlimits["RLIMIT_NOFILE"] = r.rlim_max == RLIM_INFINITY ? UINT64_MAX : r.rlim_max;
  }
  return h;
}

Json make_runtime_spec(const ContainerConfig& c, const ProcessPlan& plan, const HostLimits& host) {
  Json process = {{"terminal", c.tty},
                  {"user", {{"uid", plan.uid}, {"gid", plan.gid}}},
                  {"args", plan.argv},
                  {"env", plan.env},
                  {"cwd", plan.cwd},
                  {"capabilities",
                   {{"bounding", kDefaultCapabilities},
                    {"effective", kDefaultCapabilities},
                    {"permitted", kDefaultCapabilities}}},
                  {"noNewPrivileges", true},
                  {"oomScoreAdj", 0}};
  if (!plan.additional_gids.empty()) process["user"]["additionalGids"] = plan.additional_gids;
  // Never ask for more than the current hard limit: this kernel refuses to raise it.
  Json rlimits = Json::array();
  if (auto it = host.hard_rlimits.find("RLIMIT_NOFILE"); it != host.hard_rlimits.end()) {
    uint64_t nofile = std::min<uint64_t>(1048576, it->second);
    rlimits.push_back({{"type", "RLIMIT_NOFILE"}, {"hard", nofile}, {"soft", nofile}});
  }
  process["rlimits"] = rlimits;

  Json mounts = Json::array({
      mount("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}),
      mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
      mount("/dev/pts", "devpts", "devpts",
            {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
      mount("/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}),
      mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
      mount("/dev/shm", "tmpfs", "shm",
            {"nosuid", "noexec", "nodev", "mode=1777", "size=67108864"}),
  });
  for (const auto& m : sorted_mounts(c.mounts)) {
    if (m.type == "tmpfs") {
      std::vector<std::string> options = {"nosuid", "nodev", "noexec"};
      options.insert(options.end(), m.options.begin(), m.options.end());
      if (m.read_only) options.push_back("ro");
      mounts.push_back(mount(m.destination, "tmpfs", "tmpfs", options));
    } else {
      std::vector<std::string> options = {"rbind", m.read_only ? "ro" : "rw", "rprivate"};
      mounts.push_back(mount(m.destination, "bind", m.source, options));
    }
  }
  auto bind_file = [&](const std::filesystem::path& file, const char* destination) {
    if (!file.empty())
      mounts.push_back(mount(destination, "bind", file.string(), {"rbind", "rprivate"}));
  };
  bind_file(c.resolv_conf_file, "/etc/resolv.conf");
  bind_file(c.hostname_file, "/etc/hostname");
  bind_file(c.hosts_file, "/etc/hosts");
  if (c.init_binary) {
    mounts.push_back(
        mount("/sbin/docker-init", "bind", c.init_binary->string(), {"rbind", "ro", "rprivate"}));
  }

  Json namespaces =
      Json::array({{{"type", "pid"}}, {{"type", "ipc"}}, {{"type", "uts"}}, {{"type", "mount"}}});
  if (c.network_mode != "host") namespaces.push_back({{"type", "network"}});

  Json resources = {{"devices", Json::array({{{"allow", false}, {"access", "rwm"}}})}};
  const auto& l = c.limits;
  if (l.memory_bytes) {
    resources["memory"]["limit"] = *l.memory_bytes;
    // Docker: without --memory-swap, swap is as large as the memory limit (total 2x).
    int64_t swap = l.memory_swap_bytes ? *l.memory_swap_bytes : *l.memory_bytes * 2;
    resources["memory"]["swap"] = swap;
  } else if (l.memory_swap_bytes) {
    resources["memory"]["swap"] = *l.memory_swap_bytes;
  }
  if (l.cpus) {
    constexpr int64_t kPeriod = 100000;
    resources["cpu"]["period"] = kPeriod;
    resources["cpu"]["quota"] = static_cast<int64_t>(*l.cpus * kPeriod);
  }
  if (l.cpu_shares) resources["cpu"]["shares"] = *l.cpu_shares;
  if (l.pids_limit && *l.pids_limit > 0) resources["pids"]["limit"] = *l.pids_limit;

  Json linux_section = {{"resources", resources},
                        {"namespaces", namespaces},
                        {"maskedPaths", kMaskedPaths},
                        {"readonlyPaths", kReadonlyPaths}};
  if (!c.cgroups_path.empty()) linux_section["cgroupsPath"] = c.cgroups_path;
  if (!c.seccomp_profile.empty()) {
    std::string text;
    try {
      text = read_file(c.seccomp_profile);
    } catch (const Error& e) {
      throw Error(std::string("seccomp profile: ") + e.what() +
                      " (install golang-github-containers-common)",
                  125);
    }
    Json profile;
    try {
      profile = Json::parse(text);
    } catch (const Json::parse_error& e) {
      throw Error(
          "seccomp profile " + c.seccomp_profile.string() + " is not valid JSON: " + e.what(), 125);
    }
    linux_section["seccomp"] = convert_seccomp_profile(profile, kDefaultCapabilities);
  }

  Json spec = {{"ociVersion", "1.0.2-dev"},
               {"process", process},
               {"root", {{"path", c.rootfs.string()}, {"readonly", c.read_only}}},
               {"hostname", c.hostname.empty() ? c.id.substr(0, 12) : c.hostname},
               {"mounts", mounts},
               {"linux", linux_section}};
  if (!c.annotations.empty()) spec["annotations"] = c.annotations;
  return spec;
}

}  // namespace berth::runtime
