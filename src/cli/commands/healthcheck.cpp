// `berth healthcheck run CONTAINER` (podman's command): runs the container's healthcheck once
// now. Exit 0 when the check passed; 1 when it failed, printing the status when that is
// "unhealthy" or "starting"; 125 when the container has no healthcheck or is not running.
// The shim runs this command at the container's interval (runtime/health_check.hpp).
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/health_check.hpp"

namespace berth::cli {

CLI::App* add_healthcheck(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("healthcheck", "Manage health checks on containers");
  group->require_subcommand(1);
  auto container = std::make_shared<std::string>();
  auto* run = group->add_subcommand("run", "Run the health check of a container");
  run->add_option("CONTAINER", *container, "Container")->required();
  run->callback([&ctx, container] {
    auto& engine = ctx.engine();
    runtime::ContainerRecord c;
    try {
      c = engine.get(*container);
    } catch (const NotFoundError& e) {
      throw Error("unable to look up " + *container + " to perform a health check: " + e.what(),
                  125);
    }
    auto state = runtime::probe_health(engine, c.id);
    bool passed = !state.log.empty() && state.log.back().exit_code == 0;
    if (passed) return;
    if (state.status == "unhealthy" || state.status == "starting")
      std::cout << state.status << "\n";
    throw ExitStatus{1};
  });
  return group;
}

}  // namespace berth::cli
