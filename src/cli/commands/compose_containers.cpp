#include "cli/commands/compose_containers.hpp"

#include <algorithm>
#include <cstdlib>

#include "base/error.hpp"

namespace berth::cli {

ComposeProjectView open_project_view(const compose::ProjectOptions& options) {
  ComposeProjectView view;
  if (!options.project_name.empty()) {
    view.name = options.project_name;
    return view;
  }
  if (const char* name = std::getenv("COMPOSE_PROJECT_NAME"); name != nullptr && *name != 0) {
    view.name = name;
    return view;
  }
  view.project = load_compose_project(options);
  view.name = view.project->name;
  return view;
}

void check_services(const ComposeProjectView& view, const std::vector<std::string>& services) {
  if (!view.project) return;
  for (const auto& s : services) {
    // A service named on the command line counts even when its profile is off, as with
    // docker compose.
    if (!view.project->services.count(s) && !view.project->disabled.count(s)) {
      throw NotFoundError("no such service: " + s);
    }
  }
}

std::unique_ptr<compose::EngineProjectBackend> compose_engine(Context& ctx) {
  return std::make_unique<compose::EngineProjectBackend>(
      engine::EngineConfig::for_this_process(ctx.root()));
}

std::vector<compose::ObservedContainer> project_containers(compose::ProjectBackend& backend,
                                                           const std::string& project,
                                                           const std::vector<std::string>& services,
                                                           bool include_oneoff) {
  std::vector<compose::ObservedContainer> found;
  for (auto& c : backend.containers(project)) {
    if (c.oneoff && !include_oneoff) continue;
    if (!services.empty() &&
        std::find(services.begin(), services.end(), c.service) == services.end()) {
      continue;
    }
    found.push_back(std::move(c));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return found;
}

compose::ObservedContainer running_service_container(compose::ProjectBackend& backend,
                                                     const std::string& project,
                                                     const std::string& service, int index) {
  for (const auto& c : project_containers(backend, project, {service}, false)) {
    if (c.number == index && c.running()) return c;
  }
  if (index != 1) {
    throw NotFoundError("service \"" + service + "\" is not running container #" +
                        std::to_string(index));
  }
  throw NotFoundError("service \"" + service + "\" is not running");
}

}  // namespace berth::cli
