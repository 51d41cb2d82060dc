#include "runtime/spec/resources.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

constexpr int64_t kMinMemory = 6 * 1024 * 1024;                // Docker's floor for --memory
constexpr uint64_t kMinCpuShares = 2, kMaxCpuShares = 262144;  // the kernel's range
constexpr int64_t kCpuPeriod = 100000;                         // 100 ms, in microseconds

// --cpus as Docker's NanoCPUs.
int64_t nano_cpus(double cpus) {
  return std::llround(cpus * 1e9);
}

}  // namespace

void validate_resources(const ResourceLimits& l, const HostLimits& host) {
  int64_t memory = l.memory_bytes.value_or(0);
  int64_t swap = l.memory_swap_bytes.value_or(0);
  if (memory < 0)
    throw InvalidArgumentError("invalid memory limit: " + std::to_string(memory), 125);
  if (memory != 0 && memory < kMinMemory) {
    throw InvalidArgumentError("Minimum memory limit allowed is 6MB", 125);
  }
  if (swap < -1)
    throw InvalidArgumentError("invalid memory swap limit: " + std::to_string(swap), 125);
  if (memory > 0 && swap > 0 && swap < memory) {
    throw InvalidArgumentError(
        "Minimum memoryswap limit should be larger than memory limit, see usage", 125);
  }
  if (memory == 0 && swap > 0) {
    throw InvalidArgumentError(
        "You should always set the Memory limit when using Memoryswap limit, see usage", 125);
  }
  if (l.cpus) {
    // Past a million CPUs the nano count would overflow; no host has that many.
    int64_t nano = std::isfinite(*l.cpus) && std::fabs(*l.cpus) < 1e6 ? nano_cpus(*l.cpus) : -1;
    // Below 0.01 the quota would be under the kernel's 1 ms minimum.
    bool too_small = nano != 0 && nano < 10000000;
    bool too_big = host.cpus > 0 && nano > static_cast<int64_t>(host.cpus) * 1000000000;
    if (nano < 0 || too_small || too_big) {
      std::string n = host.cpus > 0 ? std::to_string(host.cpus) : "N";
      throw InvalidArgumentError(
          "Range of CPUs is from 0.01 to " + n + ".00, as there are only " + n + " CPUs available",
          125);
    }
  }
}

Json resources_json(const ResourceLimits& l, const HostLimits& host) {
  validate_resources(l, host);
  Json r = Json::object();
  int64_t memory = l.memory_bytes.value_or(0);
  int64_t swap = l.memory_swap_bytes.value_or(0);
  if (memory > 0) {
    r["memory"]["limit"] = memory;
    // Docker: no --memory-swap means as much swap as memory (memory+swap = 2x). Where the
    // kernel cannot limit swap Docker drops the swap limit (with a warning) rather than fail.
    if (host.swap_limit) r["memory"]["swap"] = swap == 0 ? memory * 2 : swap;
  }
  if (l.cpus) {
    int64_t nano = nano_cpus(*l.cpus);
    if (nano > 0) {
      r["cpu"]["period"] = kCpuPeriod;
      r["cpu"]["quota"] = nano * kCpuPeriod / 1000000000;
    }
  }
  if (l.cpu_shares && *l.cpu_shares > 0) {
    // Docker clamps (with a warning) to what the kernel accepts.
    r["cpu"]["shares"] = std::clamp(*l.cpu_shares, kMinCpuShares, kMaxCpuShares);
  }
  // Docker: 0 or negative means unlimited, which runc needs spelled -1.
  if (l.pids_limit) r["pids"]["limit"] = *l.pids_limit > 0 ? *l.pids_limit : int64_t{-1};
  return r;
}

}  // namespace berth::runtime
