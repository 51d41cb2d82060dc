#include "compose/orchestrator/project_logs.hpp"

#include <algorithm>

namespace berth::compose {

std::vector<LogSource> project_log_sources(EngineProjectBackend& backend,
                                           const std::string& project,
                                           const std::vector<std::string>& services, int index) {
  std::vector<ObservedContainer> containers;
  for (auto& c : backend.containers(project)) {
    if (c.oneoff) continue;
    if (index > 0 && c.number != index) continue;
    if (!services.empty() &&
        std::find(services.begin(), services.end(), c.service) == services.end()) {
      continue;
    }
    containers.push_back(std::move(c));
  }
  std::sort(containers.begin(), containers.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return log_sources(backend.engine().lifecycle(), project, containers);
}

}  // namespace berth::compose
