#pragma once
// Loads a compose project: finds its files, reads its environment (.env, --env-file, the
// process's), reads, interpolates and canonicalizes each file, applies include, merges the
// -f files, applies extends and profiles, and reads the result into a Project.
// Errors are ComposeErrors ("compose.yaml:12: services.web.ports[0]: invalid port ...").
#include "compose/project.hpp"
#include "compose/project_options.hpp"

namespace berth::compose {

Project load_project(const ProjectOptions& options);

}  // namespace berth::compose
