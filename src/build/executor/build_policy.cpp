#include "build/executor/build_policy.hpp"

#include <unistd.h>

#include <algorithm>

namespace berth::build {

bool BuildPolicy::public_pulls_only(const std::string& registry) const {
  if (!public_fetches_only()) return false;
  return std::find(trusted_registries.begin(), trusted_registries.end(), registry) ==
         trusted_registries.end();
}

StepLimits default_tenant_step_limits() {
  StepLimits l;
  int64_t pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  int64_t half_of_memory = pages > 0 && page > 0 ? pages * page / 2 : int64_t{4} << 30;
  l.memory_bytes = std::min<int64_t>(int64_t{4} << 30, half_of_memory);
  l.pids = 4096;
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  l.cpus = std::max(1.0, static_cast<double>(cpus > 0 ? cpus : 2) / 2);
  l.wall_time = std::chrono::hours(1);
  return l;
}

}  // namespace berth::build
