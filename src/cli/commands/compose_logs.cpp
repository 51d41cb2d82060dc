// `berth compose logs [-f] [-t] [--tail N] [--since] [--until] [--no-color] [--no-log-prefix]
// [SERVICE…]`: the services' logs through the log printer, "web-1  | text".
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"
#include "cli/log_time.hpp"
#include "compose/orchestrator/project_logs.hpp"

namespace berth::cli {

void add_compose_logs(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool follow = false, timestamps = false, no_color = false, no_prefix = false;
    std::string tail = "all", since, until;
    int index = 0;
    std::vector<std::string> services;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("logs", "View output from containers");
  cmd->add_flag("-f,--follow", o->follow, "Follow log output");
  cmd->add_flag("-t,--timestamps", o->timestamps, "Show timestamps");
  cmd->add_option("-n,--tail", o->tail,
                  "Number of lines to show from the end of the logs for each container");
  cmd->add_option("--since", o->since,
                  "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m "
                  "for 42 minutes)");
  cmd->add_option("--until", o->until,
                  "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. "
                  "42m for 42 minutes)");
  cmd->add_flag("--no-color", o->no_color, "Produce monochrome output");
  cmd->add_flag("--no-log-prefix", o->no_prefix, "Don't print prefix in logs");
  cmd->add_option("--index", o->index, "index of the container if service has multiple replicas");
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    compose::LogPrintOptions options;
    options.follow = o->follow;
    options.timestamps = o->timestamps;
    options.prefix = !o->no_prefix;
    options.color = !o->no_color && ::isatty(STDOUT_FILENO);
    if (o->tail != "all") {
      try {
        size_t used = 0;
        long n = std::stol(o->tail, &used);
        if (used != o->tail.size()) throw std::invalid_argument(o->tail);
        if (n >= 0) options.tail = static_cast<size_t>(n);  // negative: all, as Docker
      } catch (const std::exception&) {
        throw InvalidArgumentError("invalid value for --tail: " + o->tail);
      }
    }
    if (!o->since.empty()) options.since = parse_log_time(o->since);
    if (!o->until.empty()) options.until = parse_log_time(o->until);
    if (o->index < 0) throw InvalidArgumentError("invalid --index: " + std::to_string(o->index));

    auto view = open_project_view(*project);
    check_services(view, o->services);
    auto backend = compose_engine(ctx);
    auto current = [&] {
      return compose::project_log_sources(*backend, view.name, o->services, o->index);
    };
    std::function<std::vector<compose::LogSource>()> rescan;
    if (o->follow) rescan = current;
    compose::print_logs(current(), options, std::cout, std::cerr, nullptr, rescan);
  });
}

}  // namespace berth::cli
