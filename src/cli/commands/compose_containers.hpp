#pragma once
// What the read-side `berth compose` commands (ps, logs, exec, port, top, images) share: the
// project named by the global flags, loaded when its files are needed or present, and its
// containers found by their compose labels.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands/compose_project.hpp"

namespace berth::cli {

// The project's name and, when its files were read to learn it, the project.
struct ComposeProjectView {
  std::string name;
  std::optional<compose::Project> project;
};

// -p or COMPOSE_PROJECT_NAME name the project without reading files (docker compose's ps,
// logs and down work where the files are gone); else the files are loaded.
ComposeProjectView open_project_view(const compose::ProjectOptions& options);

// "no such service: X" for a name the loaded project does not define (no check without one);
// services whose profile is off count, as compose enables a service named on the command line.
void check_services(const ComposeProjectView& view, const std::vector<std::string>& services);

// One engine for the command, over the context's root.
std::unique_ptr<compose::EngineProjectBackend> compose_engine(Context& ctx);

// The project's containers of `services` (all when empty), one-off ones only if asked,
// sorted by name as docker compose lists them.
std::vector<compose::ObservedContainer> project_containers(compose::ProjectBackend& backend,
                                                           const std::string& project,
                                                           const std::vector<std::string>& services,
                                                           bool include_oneoff);

// Container `index` (1-based) of a service, as `exec --index` and `port --index` pick it;
// `service "web" is not running` when there is no such running container.
compose::ObservedContainer running_service_container(compose::ProjectBackend& backend,
                                                     const std::string& project,
                                                     const std::string& service, int index);

}  // namespace berth::cli
