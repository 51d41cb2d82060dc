// read_host_limits: what this host lets a container have, read once per container start.
#include <linux/magic.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <system_error>

#include "runtime/spec/container_config.hpp"

namespace berth::runtime {
namespace {

bool exists(const char* path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

}  // namespace

HostLimits read_host_limits() {
  HostLimits h;
  static const std::pair<const char*, int> kLimits[] = {
      {"RLIMIT_CPU", RLIMIT_CPU},           {"RLIMIT_FSIZE", RLIMIT_FSIZE},
      {"RLIMIT_DATA", RLIMIT_DATA},         {"RLIMIT_STACK", RLIMIT_STACK},
      {"RLIMIT_CORE", RLIMIT_CORE},         {"RLIMIT_RSS", RLIMIT_RSS},
      {"RLIMIT_NPROC", RLIMIT_NPROC},       {"RLIMIT_NOFILE", RLIMIT_NOFILE},
      {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},   {"RLIMIT_AS", RLIMIT_AS},
      {"RLIMIT_LOCKS", RLIMIT_LOCKS},       {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
      {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
      {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},     {"RLIMIT_RTTIME", RLIMIT_RTTIME}};
  for (const auto& [name, resource] : kLimits) {
    struct rlimit r {};
    if (::getrlimit(static_cast<__rlimit_resource>(resource), &r) != 0) continue;
    h.hard_rlimits[name] =
        r.rlim_max == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(r.rlim_max);
  }

  std::ifstream oom("/proc/self/oom_score_adj");
  int adj = 0;
  if (oom >> adj) h.oom_score_adj = adj;

  struct statfs fs {};
  h.cgroup2 = ::statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
  // v1 limits swap only with swap accounting on (memsw files); v2 has memory.swap.max.
  h.swap_limit = h.cgroup2 ? true : exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes");

  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    h.cpus = static_cast<unsigned>(CPU_COUNT(&set));
  } else if (long n = ::sysconf(_SC_NPROCESSORS_ONLN); n > 0) {
    h.cpus = static_cast<unsigned>(n);
  }
  h.kernel = running_kernel_version();
  h.has_ping_group_range = exists("/proc/sys/net/ipv4/ping_group_range");
  h.has_unprivileged_port_start = exists("/proc/sys/net/ipv4/ip_unprivileged_port_start");
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("CapEff:", 0) != 0) continue;
    constexpr int kCapSysResource = 24;
    h.can_raise_rlimits = (std::stoull(line.substr(7), nullptr, 16) >> kCapSysResource) & 1;
  }
  std::ifstream last_cap("/proc/sys/kernel/cap_last_cap");
  int last = 0;
  if (last_cap >> last && last > 0) h.last_capability = last;
  return h;
}

}  // namespace berth::runtime
