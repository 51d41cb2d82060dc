#pragma once
// A service's config hash (the com.docker.compose.config-hash label): sha256 of its normalized
// model, less what does not change its containers (build, pull_policy, scale and
// deploy.replicas), as compose computes it. `up` recreates a service whose hash changed.
#include <string>

#include "compose/service_config.hpp"

namespace berth::compose {

std::string config_hash(const ServiceConfig& service);

}  // namespace berth::compose
