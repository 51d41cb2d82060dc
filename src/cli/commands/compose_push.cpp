// `berth compose push [--ignore-push-failures] [SERVICE…]`: pushes the image of each service
// that builds one under a name of its own (`build:` and `image:`), through the registry client
// as `berth push` does; the others are skipped, as compose does.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_project.hpp"
#include "compose/orchestrator/compose_progress.hpp"
#include "registry/image_pusher.hpp"

namespace berth::cli {

void add_compose_push(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool ignore_failures = false, quiet = false;
    std::vector<std::string> services;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("push", "Push service images");
  cmd->add_flag("--ignore-push-failures", o->ignore_failures,
                "Push what it can and ignores images with push failures");
  cmd->add_flag("-q,--quiet", o->quiet, "Push without printing progress information");
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    compose::Project p = load_compose_project(*project);
    for (const auto& s : o->services) {
      if (!p.services.count(s)) throw NotFoundError("no such service: " + s);
    }
    compose::ComposeProgress progress(std::cerr);
    for (const auto& [name, service] : p.services) {
      if (!o->services.empty() &&
          std::find(o->services.begin(), o->services.end(), name) == o->services.end()) {
        continue;
      }
      if (!service.build || service.image.empty()) {
        if (!o->quiet) progress.event("Service", name, "Skipped");
        continue;
      }
      if (!o->quiet) progress.event("Image", service.image, "Pushing");
      try {
        auto ref = image::Reference::parse(service.image);
        registry::PushProgress lines;
        if (!o->quiet) lines = [](const std::string& line) { std::cerr << line << "\n"; };
        registry::push_image(ctx.images(), ref, lines);
      } catch (const Error& e) {
        if (!o->ignore_failures) throw;
        progress.warning(e.what());
        continue;
      }
      if (!o->quiet) progress.event("Image", service.image, "Pushed");
    }
  });
}

}  // namespace berth::cli
