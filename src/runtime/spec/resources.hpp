#pragma once
// linux.resources from --memory, --memory-swap, --cpus, --cpu-shares and --pids-limit, with
// Docker's checks and defaults (swap twice the memory limit unless --memory-swap is given).
#include "base/json.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {

// Docker's refusals, with its wording (exit 125): "Minimum memory limit allowed is 6MB",
// "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", ...
void validate_resources(const ResourceLimits& limits, const HostLimits& host);

// The resources object without "devices" (the caller adds the device rules).
Json resources_json(const ResourceLimits& limits, const HostLimits& host);

}  // namespace berth::runtime
