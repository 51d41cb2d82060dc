// `berth compose exec [-d] [-T] [-e K=V] [-u USER] [-w DIR] [--index N] SERVICE COMMAND…`:
// a command in one of a service's running containers; exits with the command's exit code.
#include <unistd.h>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"

namespace berth::cli {

void add_compose_exec(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool detach = false, no_tty = false, interactive = true, privileged = false;
    std::vector<std::string> env;
    std::string user, workdir, service;
    int index = 1;
    std::vector<std::string> command;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("exec", "Execute a command in a running container");
  cmd->add_flag("-d,--detach", o->detach, "Detached mode: Run command in the background");
  cmd->add_flag("-T,--no-TTY", o->no_tty,
                "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY");
  cmd->add_flag("-i,--interactive", o->interactive, "Keep STDIN open even if not attached");
  cmd->add_flag("--privileged", o->privileged, "Give extended privileges to the process");
  cmd->add_option("-e,--env", o->env, "Set environment variables")->allow_extra_args(false);
  cmd->add_option("-u,--user", o->user, "Run the command as this user");
  cmd->add_option("-w,--workdir", o->workdir, "Path to workdir directory for this command");
  cmd->add_option("--index", o->index, "Index of the container if service has multiple replicas");
  cmd->add_option("SERVICE", o->service, "Service")->required();
  cmd->add_option("COMMAND", o->command, "Command and arguments")->required();
  cmd->positionals_at_end(true);
  cmd->callback([&ctx, project, o] {
    if (o->privileged) {
      throw InvalidArgumentError("compose exec --privileged is not supported yet by berth", 1);
    }
    if (o->index < 1) throw InvalidArgumentError("invalid --index: " + std::to_string(o->index));
    auto view = open_project_view(*project);
    check_services(view, {o->service});
    auto backend = compose_engine(ctx);
    auto c = running_service_container(*backend, view.name, o->service, o->index);
    runtime::ExecRequest request;
    request.command = o->command;
    request.env = o->env;
    request.user = o->user;
    request.workdir = o->workdir;
    request.detach = o->detach;
    // compose gives the process this stdin, and a terminal when stdin is one (unless -T).
    request.interactive = !o->detach;
    request.tty = !o->no_tty && !o->detach && ::isatty(STDIN_FILENO);
    int code = backend->engine().lifecycle().exec(c.id, request);
    if (code != 0) throw ExitStatus{code};
  });
}

}  // namespace berth::cli
