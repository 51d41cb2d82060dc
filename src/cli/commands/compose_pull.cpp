// `berth compose pull [--ignore-pull-failures] [SERVICE…]`: pulls the images of the services
// that name one (those only built are skipped, as compose does).
#include <iostream>

#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"
#include "compose/orchestrator/orchestrator.hpp"

namespace berth::cli {

void add_compose_pull(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool ignore_failures = false, quiet = false;
    std::vector<std::string> services;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("pull", "Pull service images");
  cmd->add_flag("--ignore-pull-failures", o->ignore_failures,
                "Pull what it can and ignores images with pull failures");
  cmd->add_flag("-q,--quiet", o->quiet, "Pull without printing progress information");
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    compose::Project p = load_compose_project(*project);
    std::ostringstream discarded;
    compose::ComposeProgress progress(o->quiet ? static_cast<std::ostream&>(discarded)
                                               : static_cast<std::ostream&>(std::cerr));
    compose::ProjectOrchestrator(p, compose_backends(ctx), progress)
        .pull(o->services, o->ignore_failures);
  });
}

}  // namespace berth::cli
