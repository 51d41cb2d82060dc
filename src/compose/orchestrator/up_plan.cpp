#include "compose/orchestrator/up_plan.hpp"

#include <algorithm>
#include <set>

#include "base/error.hpp"
#include "compose/config_hash.hpp"
#include "compose/dependency_order.hpp"
#include "compose/orchestrator/resource_names.hpp"

namespace berth::compose {
namespace {

bool diverged(const ObservedContainer& c, const std::string& hash,
              const std::map<std::string, std::string>& image_ids) {
  if (c.config_hash != hash) return true;
  auto image = image_ids.find(c.service);
  return image != image_ids.end() && !image->second.empty() && c.image_id != image->second;
}

ServicePlan plan_service(const ServiceConfig& service, int wanted,
                         std::vector<ObservedContainer> existing,
                         const std::map<std::string, std::string>& image_ids,
                         const UpOptions& options) {
  ServicePlan plan;
  plan.service = service.name;
  std::sort(existing.begin(), existing.end(),
            [](const auto& a, const auto& b) { return a.number < b.number; });
  const std::string hash = config_hash(service);
  std::set<int> kept_numbers;
  int kept = 0;
  for (const auto& c : existing) {
    PlannedContainer p;
    p.number = c.number;
    p.existing = c;
    // Containers past the wanted scale, or a second one claiming a number, go.
    if (kept >= wanted || kept_numbers.count(c.number)) {
      p.action = ContainerAction::kRemove;
    } else {
      ++kept;
      kept_numbers.insert(c.number);
      bool recreate =
          options.force_recreate || (!options.no_recreate && diverged(c, hash, image_ids));
      if (recreate) {
        p.action = ContainerAction::kRecreate;
      } else if (!c.running() && !options.no_start) {
        p.action = ContainerAction::kStart;
      } else {
        p.action = ContainerAction::kKeep;
      }
    }
    plan.containers.push_back(p);
  }
  for (int number = 1; kept < wanted; ++number) {
    if (kept_numbers.count(number)) continue;
    PlannedContainer p;
    p.action = ContainerAction::kCreate;
    p.number = number;
    plan.containers.push_back(p);
    kept_numbers.insert(number);
    ++kept;
  }
  std::stable_sort(plan.containers.begin(), plan.containers.end(),
                   [](const auto& a, const auto& b) { return a.number < b.number; });
  return plan;
}

// A service that shares another's network namespace (network_mode: service:X) must be made
// anew when X's container is, or it keeps the namespace of a container that is gone.
void follow_shared_namespaces(const Project& project, UpPlan& plan) {
  for (const auto& level : plan.levels) {
    for (const auto& name : level) {
      const auto& mode = project.services.at(name).network_mode;
      if (mode.rfind("service:", 0) != 0) continue;
      auto target = plan.services.find(mode.substr(8));
      if (target == plan.services.end() || !target->second.renewed()) continue;
      for (auto& c : plan.services[name].containers) {
        if (c.action == ContainerAction::kKeep || c.action == ContainerAction::kStart) {
          c.action = ContainerAction::kRecreate;
        }
      }
    }
  }
}

}  // namespace

bool ServicePlan::renewed() const {
  return std::any_of(containers.begin(), containers.end(), [](const auto& c) {
    return c.action == ContainerAction::kCreate || c.action == ContainerAction::kRecreate;
  });
}

std::vector<std::string> services_with_dependencies(const Project& project,
                                                    const std::vector<std::string>& names,
                                                    bool no_deps) {
  std::vector<std::string> order = start_order(project);
  if (names.empty()) return order;
  std::set<std::string> wanted;
  std::vector<std::string> pending;
  for (const auto& name : names) {
    if (!project.services.count(name)) {
      if (project.disabled.count(name)) {
        throw NotFoundError("service \"" + name + "\" is not enabled by the active profiles");
      }
      throw NotFoundError("no such service: " + name);
    }
    if (wanted.insert(name).second) pending.push_back(name);
  }
  while (!no_deps && !pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    for (const auto& [dependency, how] : project.services.at(name).depends_on) {
      if (project.services.count(dependency) && wanted.insert(dependency).second) {
        pending.push_back(dependency);
      }
    }
  }
  std::vector<std::string> selected;
  for (const auto& name : order) {
    if (wanted.count(name)) selected.push_back(name);
  }
  return selected;
}

UpPlan plan_up(const Project& project, const std::vector<ObservedContainer>& observed,
               const std::map<std::string, std::string>& image_ids, const UpOptions& options) {
  for (const auto& [name, n] : options.scale) {
    if (!project.services.count(name)) throw NotFoundError("no such service: " + name);
    if (n < 0) throw InvalidArgumentError("invalid --scale " + name + "=" + std::to_string(n), 1);
  }
  auto selected = services_with_dependencies(project, options.services, options.no_deps);
  std::set<std::string> chosen(selected.begin(), selected.end());

  UpPlan plan;
  for (const auto& level : dependency_levels(project)) {
    std::vector<std::string> mine;
    for (const auto& name : level) {
      if (chosen.count(name)) mine.push_back(name);
    }
    if (!mine.empty()) plan.levels.push_back(mine);
  }
  std::map<std::string, std::vector<ObservedContainer>> by_service;
  for (const auto& c : observed) {
    if (c.oneoff) continue;
    // A service left out by the active profiles is still the project's, not an orphan.
    if (!project.services.count(c.service)) {
      if (!project.disabled.count(c.service)) plan.orphans.push_back(c);
    } else {
      by_service[c.service].push_back(c);
    }
  }
  for (const auto& name : selected) {
    const ServiceConfig& service = project.services.at(name);
    auto scale = options.scale.find(name);
    int wanted = scale != options.scale.end() ? scale->second : wanted_replicas(service);
    if (!service.container_name.empty() && wanted > 1) {
      throw InvalidArgumentError("service \"" + name + "\" has container_name \"" +
                                     service.container_name + "\" and cannot be scaled to " +
                                     std::to_string(wanted) + " containers",
                                 1);
    }
    plan.services[name] = plan_service(service, wanted, by_service[name], image_ids, options);
  }
  follow_shared_namespaces(project, plan);
  return plan;
}

std::string_view action_name(ContainerAction action) {
  switch (action) {
    case ContainerAction::kCreate:
      return "create";
    case ContainerAction::kRecreate:
      return "recreate";
    case ContainerAction::kStart:
      return "start";
    case ContainerAction::kKeep:
      return "keep";
    case ContainerAction::kRemove:
      return "remove";
  }
  return "keep";
}

}  // namespace berth::compose
