// make_runtime_spec: the OCI config.json, with Docker's defaults for everything the flags do
// not set (namespaces, mounts, capabilities, masked and read-only paths, seccomp, devices).
#include <algorithm>

#include "base/error.hpp"
#include "runtime/spec/capabilities.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/docker_defaults.hpp"
#include "runtime/spec/mount_plan.hpp"
#include "runtime/spec/resources.hpp"
#include "runtime/spec/seccomp_profile.hpp"

namespace berth::runtime {
namespace {

constexpr const char* kOciVersion = "1.0.2-dev";  // what runc 1.1 writes and reads
constexpr uint64_t kWantedNofile = 1048576;       // Docker's containers get this under systemd

Json capabilities(const ProcessPlan& plan, const std::vector<std::string>& caps) {
  // As Docker: a non-root user keeps only the bounding set, the way execve drops a non-root
  // process's capabilities; nothing is inheritable or ambient (CVE-2022-24769).
  bool root = plan.uid == 0;
  return {{"bounding", caps},
          {"effective", root ? caps : std::vector<std::string>{}},
          {"permitted", root ? caps : std::vector<std::string>{}}};
}

// The user's --ulimit values as given; one above the host's hard limit is refused when this
// process may not raise it (runc would fail with a bare EPERM). Berth's default nofile never asks
// for more than the current hard limit: without CAP_SYS_RESOURCE the kernel refuses to raise it and
// runc would fail to start the container.
Json rlimits(const Ulimits& ulimits, const HostLimits& host) {
  Json out = Json::array();
  for (const auto& [name, limit] : ulimits) {
    Json entry = rlimit_json(name, limit);
    auto host_hard = host.hard_rlimits.find(entry["type"].get<std::string>());
    uint64_t hard = entry["hard"].get<uint64_t>();
    if (!host.can_raise_rlimits && host_hard != host.hard_rlimits.end() &&
        hard > host_hard->second) {
      throw InvalidArgumentError("--ulimit " + name + ": the hard limit " +
                                     std::to_string(limit.hard) + " is above this host's " +
                                     std::to_string(host_hard->second) +
                                     ", which berth cannot raise without CAP_SYS_RESOURCE",
                                 125);
    }
    out.push_back(std::move(entry));
  }
  if (ulimits.count("nofile")) return out;
  auto it = host.hard_rlimits.find("RLIMIT_NOFILE");
  if (it != host.hard_rlimits.end() && it->second > 0) {
    uint64_t n = std::min(kWantedNofile, it->second);
    out.push_back({{"type", "RLIMIT_NOFILE"}, {"hard", n}, {"soft", n}});
  }
  return out;
}

}  // namespace

Json make_runtime_spec(const ContainerConfig& c, const ProcessPlan& plan, const HostLimits& host) {
  if (c.network_mode != "none" && c.network_mode != "host" && c.network_mode != "path") {
    throw InvalidArgumentError("network mode " + c.network_mode + " is not supported yet", 125);
  }
  bool host_network = c.network_mode == "host";

  std::vector<std::string> caps =
      effective_capabilities(c.cap_add, c.cap_drop, host.last_capability);
  std::vector<std::string> args = plan.argv;
  if (c.init_binary) args.insert(args.begin(), {kInitPath, "--"});

  // Docker lists the primary group first, then the user's groups from /etc/group.
  std::vector<uint32_t> gids = {plan.gid};
  for (uint32_t g : plan.additional_gids) {
    if (std::find(gids.begin(), gids.end(), g) == gids.end()) gids.push_back(g);
  }
  Json user = {{"uid", plan.uid}, {"gid", plan.gid}, {"additionalGids", gids}};
  Json process = {{"terminal", c.tty},
                  {"user", user},
                  {"args", args},
                  {"env", plan.env},
                  {"cwd", plan.cwd},
                  {"capabilities", capabilities(plan, caps)},
                  {"rlimits", rlimits(c.ulimits, host)},
                  {"noNewPrivileges", true},
                  // Docker's 0, but never below ours: lowering needs CAP_SYS_RESOURCE.
                  {"oomScoreAdj", std::max(0, host.oom_score_adj.value_or(0))}};
  if (c.tty && c.console_size) {
    process["consoleSize"] = {{"height", c.console_size->rows}, {"width", c.console_size->cols}};
  }

  Json namespaces =
      Json::array({{{"type", "pid"}}, {{"type", "ipc"}}, {{"type", "uts"}}, {{"type", "mount"}}});
  if (c.network_mode == "path") {
    namespaces.push_back({{"type", "network"}, {"path", c.netns_path.string()}});
  } else if (!host_network) {
    namespaces.push_back({{"type", "network"}});
  }
  // Docker's default cgroupns is private on cgroup v2 and the host's on v1.
  if (host.cgroup2) namespaces.push_back({{"type", "cgroup"}});

  Json resources = resources_json(c.limits, host);
  resources["devices"] = default_device_rules();

  Json linux_section = {{"namespaces", namespaces},
                        {"resources", resources},
                        {"maskedPaths", default_masked_paths()},
                        {"readonlyPaths", default_readonly_paths()}};
  if (!c.cgroups_path.empty()) linux_section["cgroupsPath"] = c.cgroups_path;
  if (!host_network) {
    // Docker's: in its own network namespace a container may bind ports below 1024 and ping
    // without privileges (the Space's UID 1000 included).
    Json sysctl = Json::object();
    if (host.has_ping_group_range) sysctl["net.ipv4.ping_group_range"] = "0 2147483647";
    if (host.has_unprivileged_port_start) sysctl["net.ipv4.ip_unprivileged_port_start"] = "0";
    if (!sysctl.empty()) linux_section["sysctl"] = sysctl;
  }
  if (!c.seccomp_profile.empty()) {
    // Docker's profile allows some syscalls only with a capability (CAP_SYS_ADMIN: mount...).
    SeccompTarget target{native_seccomp_arch(), caps, host.kernel};
    linux_section["seccomp"] = load_seccomp_profile(c.seccomp_profile.string(), target);
  }

  MountList mounts = build_mounts(c);
  if (!mounts.rootfs_propagation.empty()) {
    linux_section["rootfsPropagation"] = mounts.rootfs_propagation;
  }

  Json spec = {{"ociVersion", kOciVersion},
               {"process", process},
               {"root", {{"path", c.rootfs.string()}, {"readonly", c.read_only}}},
               {"hostname", c.hostname.empty() ? c.id.substr(0, 12) : c.hostname},
               {"mounts", mounts.mounts},
               {"linux", linux_section}};
  if (!c.annotations.empty()) spec["annotations"] = c.annotations;
  return spec;
}

}  // namespace berth::runtime
