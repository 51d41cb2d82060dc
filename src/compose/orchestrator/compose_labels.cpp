#include "compose/orchestrator/compose_labels.hpp"

#include "compose/config_hash.hpp"
#include "compose/orchestrator/resource_names.hpp"
#include "compose/project.hpp"

namespace berth::compose {
namespace {

std::string joined(const std::vector<std::string>& items, char separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// "db:service_healthy:false,cache:service_started:false": compose's depends_on label.
std::string depends_on_label(const ServiceConfig& service) {
  std::vector<std::string> entries;
  for (const auto& [name, dependency] : service.depends_on) {
    entries.push_back(name + ":" + dependency.condition + ":" +
                      (dependency.restart ? "true" : "false"));
  }
  return joined(entries, ',');
}

}  // namespace

std::map<std::string, std::string> container_labels(const Project& project,
                                                    const ServiceConfig& service, int number,
                                                    bool oneoff) {
  auto labels = service.labels;
  labels[kProjectLabel] = project.name;
  labels[kServiceLabel] = service.name;
  labels[kContainerNumberLabel] = std::to_string(number);
  labels[kConfigHashLabel] = config_hash(service);
  labels[kOneoffLabel] = oneoff ? "True" : "False";
  labels[kWorkingDirLabel] = project.working_dir;
  labels[kConfigFilesLabel] = joined(project.files, ',');
  labels[kDependsOnLabel] = depends_on_label(service);
  labels[kImageLabel] = service_image(project, service);
  labels[kVersionLabel] = kComposeVersion;
  return labels;
}

std::map<std::string, std::string> network_labels(const Project& project, const std::string& key,
                                                  const std::map<std::string, std::string>& own) {
  auto labels = own;
  labels[kProjectLabel] = project.name;
  labels[kNetworkLabel] = key;
  labels[kVersionLabel] = kComposeVersion;
  return labels;
}

std::map<std::string, std::string> volume_labels(const Project& project, const std::string& key,
                                                 const std::map<std::string, std::string>& own) {
  auto labels = own;
  labels[kProjectLabel] = project.name;
  labels[kVolumeLabel] = key;
  labels[kVersionLabel] = kComposeVersion;
  return labels;
}

}  // namespace berth::compose
