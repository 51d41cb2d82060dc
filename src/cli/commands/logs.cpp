// `berth logs [-f] [--tail N] [--since] [--until] [-t] CONTAINER`.
#include <unistd.h>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::cli {
namespace {

// Docker accepts RFC 3339 timestamps, Unix seconds, or a duration relative to now ("10m").
TimePoint parse_log_time(const std::string& text) {
  if (auto t = parse_rfc3339(text)) return *t;
  auto now = std::chrono::system_clock::now();
  if (text.empty()) throw InvalidArgumentError("invalid time value: empty");
  char unit = text.back();
  std::string number =
      std::isdigit(static_cast<unsigned char>(unit)) ? text : text.substr(0, text.size() - 1);
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(number, &used);
    if (used != number.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw InvalidArgumentError("invalid value for \"since\"/\"until\": " + text);
  }
  auto seconds = [](double s) {
    return std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::duration<double>(s));
  };
  switch (unit) {
    case 's':
      return now - seconds(value);
    case 'm':
      return now - seconds(value * 60);
    case 'h':
      return now - seconds(value * 3600);
    default:
      return TimePoint(seconds(value));  // Unix timestamp
  }
}

}  // namespace

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
