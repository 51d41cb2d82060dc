#pragma once
// A compose service as the engine's container request: what `docker compose up` passes to
// the engine for container NUMBER of the service. What the engine cannot honour is refused
// with an error that names the service and the attribute, never silently dropped.
#include <string>

#include "compose/volume_mount.hpp"
#include "runtime/container_request.hpp"

namespace berth::compose {

struct Project;
struct ServiceConfig;

runtime::ContainerRequest service_request(const Project& project, const ServiceConfig& service,
                                          int number);

// A one-off container of `compose run`: the service's request, named and labelled as one,
// without its ports unless asked (compose run publishes none unless --service-ports) and
// without the service's network aliases unless asked (--use-aliases), so that traffic for the
// service never reaches it.
runtime::ContainerRequest oneoff_request(const Project& project, const ServiceConfig& service,
                                         const std::string& name, bool service_ports,
                                         bool use_aliases = false);

// A volume of the service (or `run -v`) as the engine mounts it: named volumes by their
// project name, relative bind sources from the project directory.
runtime::MountRequest volume_mount_request(const Project& project, const ServiceConfig& service,
                                           const VolumeMount& volume);

}  // namespace berth::compose
