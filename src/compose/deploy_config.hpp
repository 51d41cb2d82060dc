#pragma once
// The part of `deploy:` a single engine honours: replicas and resource limits (reservations
// are kept for the output).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace berth::compose {

struct ResourceLimits {
  std::optional<double> cpus;
  std::optional<int64_t> memory;  // bytes
  std::optional<int64_t> pids;
  bool empty() const { return !cpus && !memory && !pids; }
};

struct DeployConfig {
  std::string mode;
  std::optional<int> replicas;
  std::map<std::string, std::string> labels;
  ResourceLimits limits;
  ResourceLimits reservations;
};

}  // namespace berth::compose
