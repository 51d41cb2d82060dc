#pragma once
// The names docker compose v2 gives what it creates, so `berth ps` and scripts see the same
// ones: containers PROJECT-SERVICE-N (or container_name), one-off containers
// PROJECT-SERVICE-run-ID, images built for a service PROJECT-SERVICE.
#include <string>

namespace berth::compose {

struct Project;
struct ServiceConfig;

std::string container_name(const Project& project, const ServiceConfig& service, int number);
std::string oneoff_container_name(const Project& project, const ServiceConfig& service,
                                  const std::string& random_suffix);
// The image a service runs: its `image:`, else the one `build:` makes (PROJECT-SERVICE).
std::string service_image(const Project& project, const ServiceConfig& service);
// How many containers `up` wants: --scale, else scale:, else deploy.replicas, else 1.
int wanted_replicas(const ServiceConfig& service);

}  // namespace berth::compose
