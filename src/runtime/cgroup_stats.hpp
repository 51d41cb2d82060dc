#pragma once
// Resource usage of a container read from its cgroup files, on cgroup v1 (per-controller
// hierarchies, as on this host) or v2 (unified), found through /proc/<pid>/cgroup.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace berth::runtime {

struct UsageSample {
  std::chrono::steady_clock::time_point taken;
  uint64_t cpu_ns = 0;
  int64_t memory_bytes = 0;  // without the page cache that can be reclaimed, as Docker shows
  int64_t memory_limit = 0;  // the host's memory when unlimited
  int64_t pids = 0;
  uint64_t net_rx = 0, net_tx = 0;
  uint64_t block_read = 0, block_write = 0;  // bytes, all devices
};

// Where the kernel's files are; tests point these at fake trees.
struct HostPaths {
  std::string proc = "/proc";
  std::string cgroup = "/sys/fs/cgroup";
};

// nullopt when the process is gone.
std::optional<UsageSample> sample_usage(pid_t init_pid, const HostPaths& host = {});
// CPU % between two samples, 100% = one full CPU (Docker's figure).
double cpu_percent(const UsageSample& before, const UsageSample& after);

}  // namespace berth::runtime
