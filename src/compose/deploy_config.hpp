#pragma once
// The part of `deploy:` a single engine honours: replicas and resource limits (reservations
// are kept for the output).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "base/json.hpp"

namespace berth::compose {

struct ResourceLimits {
  std::optional<double> cpus;
  std::optional<int64_t> memory;  // bytes
  std::optional<int64_t> pids;
  // devices (GPU reservations), generic_resources: as written, for the output.
  std::map<std::string, OrderedJson> other_attributes;
  bool empty() const { return !cpus && !memory && !pids && other_attributes.empty(); }
};

struct DeployConfig {
  std::string mode;
  std::optional<int> replicas;
  std::map<std::string, std::string> labels;
  ResourceLimits limits;
  ResourceLimits reservations;
  // restart_policy, placement, update_config, rollback_config, endpoint_mode: as written.
  std::map<std::string, OrderedJson> other_attributes;
};

}  // namespace berth::compose
