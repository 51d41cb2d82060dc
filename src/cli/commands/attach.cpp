// `berth attach`: the local stdin, stdout and stderr joined to a running container's, as
// `docker attach` joins them: its output from now on, the terminal of a tty container, the
// signals this command gets passed on, and the container's exit code as this command's.
#include "cli/commands/command.hpp"
#include "cli/commands/container_attach.hpp"

namespace berth::cli {

CLI::App* add_attach(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container;
    AttachFlags flags;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, "Attach local standard input, output, and error streams to a running container");
  cmd->add_flag("--no-stdin", opts->flags.no_stdin, "Do not attach STDIN");
  cmd->add_flag("--sig-proxy", opts->flags.sig_proxy, "Proxy all received signals to the process");
  cmd->add_option("--detach-keys", opts->flags.detach_keys,
                  "Override the key sequence for detaching a container");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->callback(
      [&ctx, opts] { throw ExitStatus{attach_to_running(ctx, opts->container, opts->flags)}; });
  return cmd;
}

}  // namespace berth::cli
