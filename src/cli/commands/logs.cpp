// `berth logs [-f] [--tail N] [--since] [--until] [-t] CONTAINER`.
#include <unistd.h>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/log_time.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::cli {

CLI::App* add_logs(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container;
    bool follow = false, timestamps = false;
    std::string tail = "all", since, until;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Fetch the logs of a container");
  cmd->add_flag("-f,--follow", opts->follow, "Follow log output");
  cmd->add_option("-n,--tail", opts->tail, "Number of lines to show from the end of the logs");
  cmd->add_option("--since", opts->since, "Show logs since timestamp or relative (e.g. 42m)");
  cmd->add_option("--until", opts->until, "Show logs before a timestamp or relative (e.g. 42m)");
  cmd->add_flag("-t,--timestamps", opts->timestamps, "Show timestamps");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->callback([&ctx, opts] {
    auto c = ctx.engine().get(opts->container);
    runtime::LogOptions options;
    options.follow = opts->follow && runtime::is_alive(c.state);
    options.timestamps = opts->timestamps;
    if (opts->tail != "all") {
      try {
        options.tail = static_cast<size_t>(std::stoul(opts->tail));
      } catch (const std::exception&) {
        throw InvalidArgumentError("invalid value for --tail: " + opts->tail);
      }
    }
    if (!opts->since.empty()) options.since = parse_log_time(opts->since);
    if (!opts->until.empty()) options.until = parse_log_time(opts->until);
    runtime::print_logs(ctx.engine().log_path(c.id), ctx.engine().exit_file(c.id), options,
                        STDOUT_FILENO, STDERR_FILENO);
  });
  return cmd;
}

}  // namespace berth::cli
