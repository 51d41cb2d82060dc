// `berth system reset`: back to a fresh root. Every container is removed (stopping it), every
// network is torn down (bridges, veths, firewall rules, DNS records, namespaces), then the
// root's images, volumes, build cache and database go.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/rootfs.hpp"

namespace berth::cli {

CLI::App* add_system(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("system", "Manage Berth");
  group->require_subcommand(1);
  auto force = std::make_shared<bool>(false);
  auto* reset = group->add_subcommand("reset", "Reset Berth's storage back to the initial state");
  reset->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  reset->callback([&ctx, force] {
    if (!*force) {
      std::cout << "WARNING! This will remove all containers, networks, volumes, images and the "
                   "build cache of "
                << ctx.root().string() << ".\nAre you sure you want to continue? [y/N] "
                << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    auto& engine = ctx.engine();
    int failures = 0;
    for (const auto& c : engine.list()) {
      try {
        engine.remove(c.id, true, true);
      } catch (const Error& e) {
        std::cerr << "Error: remove container " << c.name << ": " << e.what() << "\n";
        ++failures;
      }
    }
    ctx.networks().reset();
    if (failures) {
      // A container still mounted would make deleting the root unsafe.
      throw Error("system reset stopped: " + std::to_string(failures) +
                  " containers could not be removed");
    }
    // What a process killed with -9 left mounted (a build step's overlay).
    runtime::unmount_all_under(ctx.root());
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(ctx.root(), ec)) {
      std::filesystem::remove_all(entry.path(), ec);
      if (ec) throw Error("remove " + entry.path().string() + ": " + ec.message());
    }
  });
  return group;
}

}  // namespace berth::cli
