#include "compose/orchestrator/resource_names.hpp"

#include "compose/project.hpp"

namespace berth::compose {

std::string container_name(const Project& project, const ServiceConfig& service, int number) {
  if (!service.container_name.empty()) return service.container_name;
  return project.name + "-" + service.name + "-" + std::to_string(number);
}

std::string oneoff_container_name(const Project& project, const ServiceConfig& service,
                                  const std::string& random_suffix) {
  return project.name + "-" + service.name + "-run-" + random_suffix;
}

std::string service_image(const Project& project, const ServiceConfig& service) {
  if (!service.image.empty()) return service.image;
  return project.name + "-" + service.name;
}

int wanted_replicas(const ServiceConfig& service) {
  if (service.scale) return *service.scale;
  if (service.deploy && service.deploy->replicas) return *service.deploy->replicas;
  return 1;
}

}  // namespace berth::compose
