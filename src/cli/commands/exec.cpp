// `berth exec`, `berth top`, `berth pause`, `berth unpause`: working with running containers.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/process_table.hpp"

namespace berth::cli {

CLI::App* add_exec(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container;
    runtime::ExecRequest request;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Execute a command in a running container");
  cmd->add_flag("-d,--detach", opts->request.detach,
                "Detached mode: run command in the background");
  cmd->add_flag("-i,--interactive", opts->request.interactive,
                "Keep STDIN open even if not attached");
  cmd->add_flag("-t,--tty", opts->request.tty, "Allocate a pseudo-TTY");
  cmd->add_option("-u,--user", opts->request.user,
                  "Username or UID (format: <name|uid>[:<group|gid>])");
  cmd->add_option("-e,--env", opts->request.env, "Set environment variables")
      ->allow_extra_args(false);
  cmd->add_option("-w,--workdir", opts->request.workdir, "Working directory inside the container");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->add_option("COMMAND", opts->request.command, "Command and arguments")->required();
  cmd->positionals_at_end(true);
  cmd->callback([&ctx, opts] {
    auto request = opts->request;
    // Without -i the process gets no stdin, as with Docker.
    int code = 0;
    if (!request.interactive && !request.detach) {
      int saved = ::dup(STDIN_FILENO);
      int null = ::open("/dev/null", O_RDONLY);
      ::dup2(null, STDIN_FILENO);
      ::close(null);
      try {
        code = ctx.engine().exec(opts->container, request);
      } catch (...) {
        ::dup2(saved, STDIN_FILENO);
        throw;
      }
      ::dup2(saved, STDIN_FILENO);
      ::close(saved);
    } else {
      code = ctx.engine().exec(opts->container, request);
    }
    if (code != 0) throw ExitStatus{code};
  });
  return cmd;
}

CLI::App* add_pause(CLI::App& parent, Context& ctx, const std::string& name, bool pause) {
  auto containers = std::make_shared<std::vector<std::string>>();
  auto* cmd =
      parent.add_subcommand(name, pause ? "Pause all processes within one or more containers"
                                        : "Unpause all processes within one or more containers");
  cmd->add_option("CONTAINER", *containers, "Containers")->required();
  cmd->callback([&ctx, containers, pause] {
    int failures = 0;
    for (const auto& c : *containers) {
      try {
        pause ? ctx.engine().pause(c) : ctx.engine().unpause(c);
        std::cout << c << "\n";
      } catch (const Error& e) {
        std::cerr << "Error response from daemon: " << e.what() << "\n";
        ++failures;
      }
    }
    if (failures) throw ExitStatus{1};
  });
  return cmd;
}

CLI::App* add_top(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container;
    std::vector<std::string> ps_args;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Display the running processes of a container");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->add_option("ps OPTIONS", opts->ps_args, "Options for ps (default -ef)");
  cmd->positionals_at_end(true);
  cmd->callback([&ctx, opts] {
    for (const auto& line : process_table(ctx.engine().pids(opts->container), opts->ps_args)) {
      std::cout << line << "\n";
    }
  });
  return cmd;
}

}  // namespace berth::cli
