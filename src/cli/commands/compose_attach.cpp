// `berth compose attach [--index N] [--no-stdin] [--sig-proxy=false] [--detach-keys K] SERVICE`:
// `berth attach` to a service's running container, as `docker compose attach` does.
#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"
#include "cli/commands/container_attach.hpp"

namespace berth::cli {

void add_compose_attach(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    int index = 1;
    std::string service;
    AttachFlags flags;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand(
      "attach",
      "Attach local standard input, output, and error streams to a service's running container");
  cmd->add_option("--index", o->index, "index of the container if service has multiple replicas.");
  cmd->add_flag("--no-stdin", o->flags.no_stdin, "Do not attach STDIN");
  cmd->add_flag("--sig-proxy", o->flags.sig_proxy, "Proxy all received signals to the process");
  cmd->add_option("--detach-keys", o->flags.detach_keys,
                  "Override the key sequence for detaching from a container.");
  cmd->add_option("SERVICE", o->service, "Service")->required();
  cmd->callback([&ctx, project, o] {
    auto view = open_project_view(*project);
    check_services(view, {o->service});
    auto backend = compose_engine(ctx);
    auto c = running_service_container(*backend, view.name, o->service, o->index);
    throw ExitStatus{attach_to_running(ctx, c.id, o->flags)};
  });
}

}  // namespace berth::cli
