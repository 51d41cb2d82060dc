// `berth stop`, `kill`, `restart`, `rm`, `wait`, `rename`, `container prune`, and the internal
// `container cleanup` the shim runs when a container exits.
#include <filesystem>
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/container_names.hpp"

namespace berth::cli {
namespace {

// Applies `action` to each named container; prints the name on success and Docker's error
// otherwise; exit 1 if any failed.
template <typename F>
void for_each_container(const std::vector<std::string>& names, F&& action, bool echo = true) {
  int failures = 0;
  for (const auto& name : names) {
    try {
      action(name);
      if (echo) std::cout << name << "\n";
    } catch (const Error& e) {
      std::cerr << "Error response from daemon: " << e.what() << "\n";
      ++failures;
    }
  }
  if (failures) throw ExitStatus{1};
}

}  // namespace

CLI::App* add_stop(CLI::App& parent, Context& ctx, const std::string& name, bool restart) {
  struct Options {
    std::vector<std::string> containers;
    int timeout = -1;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, restart ? "Restart one or more containers" : "Stop one or more running containers");
  cmd->add_option("-t,--time", opts->timeout, "Seconds to wait before killing the container");
  cmd->add_option("CONTAINER", opts->containers, "Containers")->required();
  cmd->callback([&ctx, opts, restart] {
    std::optional<int> timeout;
    if (opts->timeout >= 0) timeout = opts->timeout;
    for_each_container(opts->containers, [&](const std::string& name) {
      ctx.engine().stop(name, timeout);
      if (restart) {
        ctx.engine().cleanup(ctx.engine().get(name).id);
        ctx.engine().start(name);
      }
    });
  });
  return cmd;
}

CLI::App* add_kill(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::vector<std::string> containers;
    std::string signal = "KILL";
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Kill one or more running containers");
  cmd->add_option("-s,--signal", opts->signal, "Signal to send to the container");
  cmd->add_option("CONTAINER", opts->containers, "Containers")->required();
  cmd->callback([&ctx, opts] {
    runtime::parse_signal(opts->signal);  // a bad signal fails before anything is sent
    for_each_container(opts->containers,
                       [&](const std::string& name) { ctx.engine().kill(name, opts->signal); });
  });
  return cmd;
}

CLI::App* add_rm(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::vector<std::string> containers;
    bool force = false;
    bool volumes = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Remove one or more containers");
  cmd->add_flag("-f,--force", opts->force,
                "Force the removal of a running container (uses SIGKILL)");
  cmd->add_flag("-v,--volumes", opts->volumes,
                "Remove anonymous volumes associated with the container");
  cmd->add_option("CONTAINER", opts->containers, "Containers")->required();
  cmd->callback([&ctx, opts] {
    for_each_container(opts->containers, [&](const std::string& name) {
      ctx.engine().remove(name, opts->force, opts->volumes);
    });
  });
  return cmd;
}

CLI::App* add_wait(CLI::App& parent, Context& ctx, const std::string& name) {
  auto containers = std::make_shared<std::vector<std::string>>();
  auto* cmd = parent.add_subcommand(
      name, "Block until one or more containers stop, then print their exit codes");
  cmd->add_option("CONTAINER", *containers, "Containers")->required();
  cmd->callback([&ctx, containers] {
    for_each_container(
        *containers, [&](const std::string& name) { std::cout << ctx.engine().wait(name) << "\n"; },
        false);
  });
  return cmd;
}

CLI::App* add_rename(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container, new_name;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Rename a container");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->add_option("NEW_NAME", opts->new_name, "New name")->required();
  cmd->callback([&ctx, opts] {
    runtime::validate_container_name(opts->new_name);
    auto c = ctx.engine().get(opts->container);
    ctx.containers().rename(c.id, opts->new_name);
  });
  return cmd;
}

CLI::App* add_container_prune(CLI::App& parent, Context& ctx, const std::string& name) {
  auto force = std::make_shared<bool>(false);
  auto* cmd = parent.add_subcommand(name, "Remove all stopped containers");
  cmd->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  cmd->callback([&ctx, force] {
    if (!*force) {
      std::cout << "WARNING! This will remove all stopped containers.\n"
                << "Are you sure you want to continue? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    std::vector<std::string> removed;
    for (const auto& c : ctx.engine().list()) {
      if (runtime::is_alive(c.state)) continue;
      ctx.engine().remove(c.id, false);
      removed.push_back(c.id);
    }
    if (!removed.empty()) {
      std::cout << "Deleted Containers:\n";
      for (const auto& id : removed) std::cout << id << "\n";
      std::cout << "\n";
    }
    std::cout << "Total reclaimed space: 0B\n";
  });
  return cmd;
}

CLI::App* add_container_cleanup(CLI::App& parent, Context& ctx, const std::string& name) {
  auto id = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand(name, "Internal: record a container's exit (run by its shim)");
  cmd->group("");  // hidden from --help
  cmd->add_option("ID", *id, "Container ID")->required();
  cmd->callback([&ctx, id] {
    // A foreground `run --rm` usually removed the container before its shim got here; then
    // there is nothing to do, and opening the store (which creates its directories) could
    // resurrect a root that is being deleted.
    if (!std::filesystem::exists(ctx.root() / "containers" / *id)) return;
    ctx.engine().cleanup(*id);
  });
  return cmd;
}

}  // namespace berth::cli
