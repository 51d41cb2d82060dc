#pragma once
// A compose service as the engine's container request: what `docker compose up` passes to
// the engine for container NUMBER of the service. What the engine cannot honour is refused
// with an error that names the service and the attribute, never silently dropped.
#include <string>

#include "runtime/container_request.hpp"

namespace berth::compose {

struct Project;
struct ServiceConfig;

runtime::ContainerRequest service_request(const Project& project, const ServiceConfig& service,
                                          int number);

// A one-off container of `compose run`: the service's request, named and labelled as one,
// without its ports unless asked (compose run publishes none unless --service-ports).
runtime::ContainerRequest oneoff_request(const Project& project, const ServiceConfig& service,
                                         const std::string& name, bool service_ports);

}  // namespace berth::compose
