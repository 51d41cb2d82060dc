// `berth port CONTAINER [PRIVATE_PORT[/PROTO]]`: the container's published ports.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "network/port_spec.hpp"

namespace berth::cli {

CLI::App* add_port(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container, private_port;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name,
                                    "List port mappings or a specific mapping for the "
                                    "container");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->add_option("PRIVATE_PORT", opts->private_port, "Port[/proto]");
  cmd->callback([&ctx, opts] {
    auto& engine = ctx.engine();
    auto c = engine.get(opts->container);
    auto ports = engine.published_ports(c);
    if (opts->private_port.empty()) {
      for (const auto& p : ports) std::cout << network::format_port_line(p) << "\n";
      return;
    }
    auto slash = opts->private_port.find('/');
    std::string number = opts->private_port.substr(0, slash);
    std::string proto = slash == std::string::npos ? "tcp" : opts->private_port.substr(slash + 1);
    bool found = false;
    for (const auto& p : ports) {
      if (std::to_string(p.container_port) != number || p.protocol != proto) continue;
      std::cout << (p.host_ip.empty() ? "0.0.0.0" : p.host_ip) << ":" << p.host_port << "\n";
      found = true;
    }
    if (!found) {
      throw NotFoundError("No public port '" + number + "/" + proto + "' published for " +
                          opts->container);
    }
  });
  return cmd;
}

}  // namespace berth::cli
