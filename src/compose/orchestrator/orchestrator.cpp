#include "compose/orchestrator/orchestrator.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <set>
#include <thread>

#include "base/error.hpp"
#include "compose/dependency_order.hpp"
#include "compose/orchestrator/compose_labels.hpp"
#include "compose/orchestrator/parallel_each.hpp"
#include "compose/orchestrator/resource_names.hpp"
#include "compose/orchestrator/service_request.hpp"

namespace berth::compose {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(100);
bool label_is(const LabelledResource& r, const std::string& key, const std::string& value) {
  auto it = r.labels.find(key);
  return it != r.labels.end() && it->second == value;
}

std::string label_of(const LabelledResource& r, const std::string& key) {
  auto it = r.labels.find(key);
  return it == r.labels.end() ? std::string() : it->second;
}

// docker compose's warning about containers of services the file no longer has, by name.
std::string orphan_warning(const std::vector<ObservedContainer>& orphans) {
  std::vector<std::string> names;
  for (const auto& c : orphans) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : " ") + name;
  return "Found orphan containers ([" + joined +
         "]) for this project. If you removed or renamed this service in your compose file, you "
         "can run this command with the --remove-orphans flag to clean it up.";
}

}  // namespace

ProjectOrchestrator::ProjectOrchestrator(const Project& project, BackendFactory backends,
                                         ComposeProgress& progress)
    : project_(project), backends_(std::move(backends)), progress_(progress) {}

std::vector<std::string> ProjectOrchestrator::selected(
    const std::vector<std::string>& services) const {
  return services_with_dependencies(project_, services, true);
}

std::optional<int> ProjectOrchestrator::stop_timeout(const std::string& service) const {
  auto it = project_.services.find(service);
  if (it == project_.services.end() || !it->second.stop_grace_period) return std::nullopt;
  return static_cast<int>((*it->second.stop_grace_period + 999'999'999) / 1'000'000'000);
}

void ProjectOrchestrator::ensure_networks(ProjectBackend& backend) {
  std::set<std::string> used;
  for (const auto& [name, service] : project_.services) {
    for (const auto& [key, attachment] : service.networks) used.insert(key);
  }
  for (const auto& [key, config] : project_.networks) {
    if (!used.count(key)) continue;
    auto existing = backend.network(config.name);
    if (config.external) {
      if (!existing) {
        throw NotFoundError("network " + config.name +
                            " declared as external, but could not be found");
      }
      continue;
    }
    if (existing) {
      if (!label_is(*existing, kNetworkLabel, key)) {
        throw ConflictError("network " + config.name + " was found but has incorrect label " +
                                kNetworkLabel + " set to \"" + label_of(*existing, kNetworkLabel) +
                                "\"",
                            1);
      }
      continue;
    }
    if (!config.driver.empty() && config.driver != "bridge") {
      throw InvalidArgumentError(
          "network " + key + ": driver " + config.driver + " is not supported yet by berth", 1);
    }
    if (config.ipam_config.size() > 1) {
      throw InvalidArgumentError(
          "network " + key + ": more than one ipam config is not supported yet by berth", 1);
    }
    network::CreateOptions options;
    options.name = config.name;
    options.internal = config.internal;
    options.labels = network_labels(project_, key, config.labels);
    options.options = config.driver_opts;
    if (!config.ipam_config.empty()) {
      const auto& pool = config.ipam_config.front();
      if (!pool.subnet.empty()) options.subnet = pool.subnet;
      if (!pool.gateway.empty()) options.gateway = pool.gateway;
      if (!pool.ip_range.empty() || !pool.aux_addresses.empty()) {
        throw InvalidArgumentError(
            "network " + key + ": ip_range and aux_addresses are not supported yet by berth", 1);
      }
    }
    progress_.event("Network", config.name, "Creating");
    backend.create_network(options);
    progress_.event("Network", config.name, "Created");
  }
}

void ProjectOrchestrator::ensure_volumes(ProjectBackend& backend) {
  std::set<std::string> used;
  for (const auto& [name, service] : project_.services) {
    for (const auto& v : service.volumes) {
      if (v.type == "volume" && !v.source.empty()) used.insert(v.source);
    }
  }
  for (const auto& [key, config] : project_.volumes) {
    if (!used.count(key)) continue;
    auto existing = backend.volume(config.name);
    if (config.external) {
      if (!existing) {
        throw NotFoundError("external volume \"" + config.name + "\" not found");
      }
      continue;
    }
    if (existing) {
      if (!label_is(*existing, kProjectLabel, project_.name)) {
        progress_.warning("volume \"" + config.name +
                          "\" already exists but was not created by Docker Compose. Use "
                          "`external: true` to use an existing volume");
      }
      continue;
    }
    if (!config.driver.empty() && config.driver != "local") {
      throw InvalidArgumentError(
          "volume " + key + ": driver " + config.driver + " is not supported yet by berth", 1);
    }
    if (!config.driver_opts.empty()) {
      throw InvalidArgumentError("volume " + key + ": driver_opts are not supported yet by berth",
                                 1);
    }
    progress_.event("Volume", "\"" + config.name + "\"", "Creating");
    backend.create_volume(config.name, volume_labels(project_, key, config.labels));
    progress_.event("Volume", "\"" + config.name + "\"", "Created");
  }
}

void ProjectOrchestrator::ensure_resources() {
  auto backend = backends_();
  ensure_networks(*backend);
  ensure_volumes(*backend);
}

std::string ProjectOrchestrator::recreate_container(ProjectBackend& backend,
                                                    const ServiceConfig& service,
                                                    const ObservedContainer& old) {
  // As compose does: the new container is made under a temporary name first, so a request the
  // engine refuses leaves the old one as it was; only then is the old one replaced.
  const std::string temporary = old.id.substr(0, 12) + "_" + old.name;
  const std::string id =
      create_container(backend, service, old.number, backend.anonymous_volumes(old.id), temporary);
  if (old.running()) backend.stop(old.id, stop_timeout(service.name));
  backend.remove(old.id, true, false);  // its anonymous volumes now belong to the new one
  backend.rename(id, container_name(project_, service, old.number));
  return id;
}

void ProjectOrchestrator::start_container(ProjectBackend& backend, const std::string& id,
                                          const std::string& name) {
  progress_.event("Container", name, "Starting");
  backend.start(id);
  progress_.event("Container", name, "Started");
}

std::string ProjectOrchestrator::create_container(
    ProjectBackend& backend, const ServiceConfig& service, int number,
    const std::map<std::string, std::string>& anonymous_volumes, const std::string& name) {
  auto request = service_request(project_, service, number);
  if (!name.empty()) request.name = name;
  // A recreated container keeps its predecessor's anonymous volumes (their data), as compose
  // does.
  for (auto& m : request.mounts) {
    if (m.type != "volume" || !m.source.empty()) continue;
    auto kept = anonymous_volumes.find(m.destination);
    if (kept != anonymous_volumes.end()) m.source = kept->second;
  }
  return backend.create(request);
}

void ProjectOrchestrator::stop_and_remove(ProjectBackend& backend, const ObservedContainer& c,
                                          std::optional<int> timeout, bool anonymous_volumes) {
  if (c.running()) {
    progress_.event("Container", c.name, "Stopping");
    backend.stop(c.id, timeout);
    progress_.event("Container", c.name, "Stopped");
  }
  progress_.event("Container", c.name, "Removing");
  backend.remove(c.id, true, anonymous_volumes);
  progress_.event("Container", c.name, "Removed");
}

void ProjectOrchestrator::wait_for_dependencies(ProjectBackend& backend, const std::string& name) {
  const ServiceConfig& service = project_.services.at(name);
  for (const auto& [dependency, how] : service.depends_on) {
    if (!project_.services.count(dependency)) continue;  // disabled by profiles
    if (how.condition == kServiceStarted) continue;      // started by an earlier level
    for (const auto& c : backend.containers(project_.name)) {
      if (c.oneoff || c.service != dependency) continue;
      progress_.event("Container", c.name, "Waiting");
      for (;;) {
        auto now = backend.inspect(c.id);
        std::string failure;
        if (how.condition == kServiceHealthy) {
          std::string health = backend.health(c.id);
          if (health == "healthy") {
            progress_.event("Container", c.name, "Healthy");
            break;
          }
          if (health.empty()) failure = "container " + c.name + " has no healthcheck configured";
          if (health == "unhealthy") failure = "container " + c.name + " is unhealthy";
          if (!now.running())
            failure = "container " + c.name + " exited (" + std::to_string(now.exit_code) + ")";
        } else if (how.condition == kServiceCompletedSuccessfully) {
          if (!now.running() && now.state != "created") {
            if (now.exit_code == 0) {
              progress_.event("Container", c.name, "Exited");
              break;
            }
            failure = "service \"" + dependency + "\" didn't complete successfully: exit " +
                      std::to_string(now.exit_code);
          }
        } else {
          break;
        }
        if (!failure.empty()) {
          if (!how.required) {
            progress_.warning("optional dependency \"" + dependency + "\" failed: " + failure);
            break;
          }
          progress_.event("Container", c.name, "Error");
          throw Error("dependency failed to start: " + failure, 1);
        }
        std::this_thread::sleep_for(kPollInterval);
      }
    }
  }
}

void ProjectOrchestrator::converge_service(const std::string& name, const ServicePlan& plan,
                                           const UpPlan& whole) {
  auto backend = backends_();
  if (!no_start_) wait_for_dependencies(*backend, name);
  const ServiceConfig& service = project_.services.at(name);
  // A dependency made anew restarts the dependents that asked for it (depends_on.restart).
  bool restart_kept = false;
  for (const auto& [dependency, how] : service.depends_on) {
    auto it = whole.services.find(dependency);
    if (how.restart && it != whole.services.end() && it->second.renewed()) restart_kept = true;
  }
  for (const auto& p : plan.containers) {
    switch (p.action) {
      case ContainerAction::kCreate: {
        const std::string container = container_name(project_, service, p.number);
        progress_.event("Container", container, "Creating");
        const std::string id = create_container(*backend, service, p.number, {});
        progress_.event("Container", container, "Created");
        if (!no_start_) start_container(*backend, id, container);
        break;
      }
      case ContainerAction::kRecreate: {
        progress_.event("Container", p.existing.name, "Recreate");
        const std::string id = recreate_container(*backend, service, p.existing);
        const std::string container = container_name(project_, service, p.number);
        progress_.event("Container", container, "Recreated");
        if (!no_start_) start_container(*backend, id, container);
        break;
      }
      case ContainerAction::kStart:
        start_container(*backend, p.existing.id, p.existing.name);
        break;
      case ContainerAction::kKeep:
        if (restart_kept && p.existing.running()) {
          progress_.event("Container", p.existing.name, "Restarting");
          backend->stop(p.existing.id, stop_timeout(name));
          backend->start(p.existing.id);
          progress_.event("Container", p.existing.name, "Started");
        } else {
          progress_.event("Container", p.existing.name,
                          p.existing.running() ? "Running" : "Created");
        }
        break;
      case ContainerAction::kRemove:
        stop_and_remove(*backend, p.existing, stop_timeout(name), false);
        break;
    }
  }
}

void ProjectOrchestrator::wait_until_ready(ProjectBackend& backend,
                                           const std::vector<std::string>& services,
                                           std::optional<int> timeout_seconds) {
  auto deadline = timeout_seconds ? Clock::now() + std::chrono::seconds(*timeout_seconds)
                                  : Clock::time_point::max();
  std::set<std::string> wanted(services.begin(), services.end());
  for (const auto& c : backend.containers(project_.name)) {
    if (c.oneoff || !wanted.count(c.service)) continue;
    progress_.event("Container", c.name, "Waiting");
    for (;;) {
      auto now = backend.inspect(c.id);
      if (!now.running()) {
        throw Error("container " + c.name + " exited (" + std::to_string(now.exit_code) + ")", 1);
      }
      std::string health = backend.health(c.id);
      if (health.empty() || health == "healthy") {
        progress_.event("Container", c.name, health.empty() ? "Running" : "Healthy");
        break;
      }
      if (health == "unhealthy") throw Error("container " + c.name + " is unhealthy", 1);
      if (Clock::now() >= deadline) {
        throw Error("timeout waiting for container " + c.name + " to be healthy", 1);
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }
}

void ProjectOrchestrator::up(const UpRequest& request) {
  auto backend = backends_();
  auto services = services_with_dependencies(project_, request.plan.services, request.plan.no_deps);
  prepare_images(services, request.images);
  ensure_networks(*backend);
  ensure_volumes(*backend);

  std::map<std::string, std::string> image_ids;
  for (const auto& name : services) {
    auto id = backend->image_id(service_image(project_, project_.services.at(name)));
    if (id) image_ids[name] = *id;
  }
  UpPlan plan = plan_up(project_, backend->containers(project_.name), image_ids, request.plan);
  if (!plan.orphans.empty()) {
    if (request.remove_orphans) {
      for (const auto& c : plan.orphans) stop_and_remove(*backend, c, std::nullopt, false);
    } else {
      progress_.warning(orphan_warning(plan.orphans));
    }
  }
  no_start_ = request.plan.no_start;
  for (const auto& level : plan.levels) {
    for_each_in_parallel(level, [&](const std::string& name) {
      converge_service(name, plan.services.at(name), plan);
    });
  }
  if (request.wait && !no_start_)
    wait_until_ready(*backend, services, request.wait_timeout_seconds);
}

void ProjectOrchestrator::stop_and_remove_in_parallel(
    const std::vector<ObservedContainer>& containers, std::optional<int> timeout,
    bool anonymous_volumes) {
  std::map<std::string, ObservedContainer> by_name;
  std::vector<std::string> names;
  for (const auto& c : containers) {
    by_name[c.name] = c;
    names.push_back(c.name);
  }
  for_each_in_parallel(names, [&](const std::string& name) {
    auto backend = backends_();
    const ObservedContainer& c = by_name.at(name);
    stop_and_remove(*backend, c, timeout ? timeout : stop_timeout(c.service), anonymous_volumes);
  });
}

std::vector<std::vector<ObservedContainer>> ProjectOrchestrator::stop_levels(
    const std::vector<ObservedContainer>& containers) const {
  // Dependents first: the dependency levels reversed, each level's containers together.
  auto levels = dependency_levels(project_);
  std::reverse(levels.begin(), levels.end());
  std::vector<std::vector<ObservedContainer>> grouped;
  for (const auto& level : levels) {
    std::set<std::string> services(level.begin(), level.end());
    std::vector<ObservedContainer> mine;
    for (const auto& c : containers) {
      if (services.count(c.service)) mine.push_back(c);
    }
    if (!mine.empty()) grouped.push_back(mine);
  }
  return grouped;
}

void ProjectOrchestrator::down(const DownRequest& request) {
  auto backend = backends_();
  auto observed = backend->containers(project_.name);
  std::vector<ObservedContainer> orphans;
  for (const auto& c : observed) {
    bool known = project_.services.count(c.service) || project_.disabled.count(c.service);
    if (!known) orphans.push_back(c);
  }
  for (const auto& level : stop_levels(observed)) {
    stop_and_remove_in_parallel(level, request.timeout, request.remove_volumes);
  }
  if (!orphans.empty() && !request.remove_orphans) {
    progress_.warning(orphan_warning(orphans));
  } else if (!orphans.empty()) {
    stop_and_remove_in_parallel(orphans, request.timeout, request.remove_volumes);
  }
  for (const auto& [key, config] : project_.networks) {
    if (config.external) continue;
    auto existing = backend->network(config.name);
    if (!existing || !label_is(*existing, kProjectLabel, project_.name)) continue;
    progress_.event("Network", config.name, "Removing");
    try {
      backend->remove_network(config.name);
    } catch (const ConflictError&) {
      // Containers outside this down still use it (a service off by profile, another
      // project's): docker compose leaves it with this notice.
      progress_.event("Network", config.name, "Resource is still in use");
      continue;
    }
    progress_.event("Network", config.name, "Removed");
  }
  if (request.remove_volumes) {
    for (const auto& [key, config] : project_.volumes) {
      if (config.external) continue;
      auto existing = backend->volume(config.name);
      if (!existing || !label_is(*existing, kProjectLabel, project_.name)) continue;
      progress_.event("Volume", config.name, "Removing");
      backend->remove_volume(config.name);
      progress_.event("Volume", config.name, "Removed");
    }
  }
  if (!request.remove_images.empty()) {
    if (request.remove_images != "all" && request.remove_images != "local") {
      throw InvalidArgumentError(
          "invalid --rmi option \"" + request.remove_images + "\": expected all or local", 1);
    }
    std::set<std::string> images;
    for (const auto& [name, service] : project_.services) {
      // local: only the images built for a service without an image name of its own.
      if (request.remove_images == "local" && !service.image.empty()) continue;
      images.insert(service_image(project_, service));
    }
    for (const auto& image : images) {
      if (!backend->image_id(image)) continue;
      progress_.event("Image", image, "Removing");
      backend->remove_image(image);
      progress_.event("Image", image, "Removed");
    }
  }
}

}  // namespace berth::compose
