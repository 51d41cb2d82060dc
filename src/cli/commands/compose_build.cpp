// `berth compose build [SERVICE…]`: builds the services that have a `build:` section, tagged
// with their image name (PROJECT-SERVICE when they give none).
#include <iostream>

#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"
#include "compose/orchestrator/orchestrator.hpp"

namespace berth::cli {

void add_compose_build(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  auto services = std::make_shared<std::vector<std::string>>();
  auto* cmd = group.add_subcommand("build", "Build or rebuild services");
  cmd->add_option("SERVICE", *services, "Services");
  cmd->callback([&ctx, project, services] {
    compose::Project p = load_compose_project(*project);
    compose::ComposeProgress progress(std::cerr);
    compose::ProjectOrchestrator(p, compose_backends(ctx), progress).build(*services);
  });
}

}  // namespace berth::cli
