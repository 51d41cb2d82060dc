#pragma once
// The log sources of a project's service containers (one-off ones left out, as compose logs
// and a foreground up do), for print_logs and its rescans:
//
//   EngineProjectBackend backend(config);
//   auto sources = [&] { return project_log_sources(backend, project.name, services); };
//   print_logs(sources(), options, std::cout, std::cerr, &stop, sources);
#include <string>
#include <vector>

#include "compose/orchestrator/engine_project_backend.hpp"
#include "compose/orchestrator/log_printer.hpp"

namespace berth::compose {

// `services` empty: all; `index` > 0: only container number `index` of each. Sorted by name.
std::vector<LogSource> project_log_sources(EngineProjectBackend& backend,
                                           const std::string& project,
                                           const std::vector<std::string>& services, int index = 0);

}  // namespace berth::compose
