// `berth compose port [--index N] [--protocol tcp|udp] SERVICE PRIVATE_PORT`: the host
// address a service's container port is published on, "0.0.0.0:8080".
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"

namespace berth::cli {

void add_compose_port(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    int index = 1;
    std::string protocol = "tcp", service;
    int private_port = 0;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("port", "Print the public port for a port binding");
  cmd->add_option("--index", o->index, "Index of the container if service has multiple replicas");
  cmd->add_option("--protocol", o->protocol, "tcp or udp")->check(CLI::IsMember({"tcp", "udp"}));
  cmd->add_option("SERVICE", o->service, "Service")->required();
  cmd->add_option("PRIVATE_PORT", o->private_port, "Private port")->required();
  cmd->callback([&ctx, project, o] {
    auto view = open_project_view(*project);
    check_services(view, {o->service});
    auto backend = compose_engine(ctx);
    auto c = running_service_container(*backend, view.name, o->service, o->index);
    auto& engine = backend->engine().lifecycle();
    for (const auto& p : engine.published_ports(engine.get(c.id))) {
      if (p.container_port != o->private_port || p.protocol != o->protocol) continue;
      std::cout << (p.host_ip.empty() ? "0.0.0.0" : p.host_ip) << ":" << p.host_port << "\n";
      return;
    }
    throw NotFoundError("no port " + std::to_string(o->private_port) + "/" + o->protocol +
                        " for container " + c.name + ": []");
  });
}

}  // namespace berth::cli
