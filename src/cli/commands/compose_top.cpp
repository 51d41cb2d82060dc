// `berth compose top [SERVICE…]`: each running container's processes, under its name.
#include <iostream>

#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"
#include "cli/process_table.hpp"

namespace berth::cli {

void add_compose_top(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  auto services = std::make_shared<std::vector<std::string>>();
  auto* cmd = group.add_subcommand("top", "Display the running processes");
  cmd->add_option("SERVICE", *services, "Services");
  cmd->callback([&ctx, project, services] {
    auto view = open_project_view(*project);
    check_services(view, *services);
    auto backend = compose_engine(ctx);
    bool first = true;
    for (const auto& c : project_containers(*backend, view.name, *services, false)) {
      if (!c.running()) continue;
      auto table = process_table(backend->engine().lifecycle().pids(c.id), {});
      if (!first) std::cout << "\n";
      first = false;
      std::cout << c.name << "\n";
      for (const auto& line : table) std::cout << line << "\n";
    }
  });
}

}  // namespace berth::cli
