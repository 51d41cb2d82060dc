// `berth stats [--no-stream] [--no-trunc] [--format] [CONTAINER...]`.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/output.hpp"
#include "runtime/cgroup_stats.hpp"

namespace berth::cli {
namespace {

// Docker shows memory in binary units ("1.2MiB / 64MiB").
std::string binary_size(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return fmt::format("{:.4g}{}", bytes, units[u]);
}

}  // namespace

CLI::App* add_stats(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::vector<std::string> containers;
    bool no_stream = false, no_trunc = false, all = false;
    std::string format;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, "Display a live stream of container(s) resource usage statistics");
  cmd->add_flag("--no-stream", opts->no_stream,
                "Disable streaming stats and only pull the first result");
  cmd->add_flag("--no-trunc", opts->no_trunc, "Do not truncate output");
  cmd->add_flag("-a,--all", opts->all, "Show all containers (default shows just running)");
  cmd->add_option("--format", opts->format, "Format output using a custom template");
  cmd->add_option("CONTAINER", opts->containers, "Containers");
  cmd->callback([&ctx, opts] {
    TableSpec spec{
        "table "
        "{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{"
        "{.PIDs}}",
        {{"ID", "CONTAINER ID"},
         {"Container", "CONTAINER"},
         {"Name", "NAME"},
         {"CPUPerc", "CPU %"},
         {"MemUsage", "MEM USAGE / LIMIT"},
         {"MemPerc", "MEM %"},
         {"NetIO", "NET I/O"},
         {"BlockIO", "BLOCK I/O"},
         {"PIDs", "PIDS"}}};
    for (;;) {
      std::vector<runtime::ContainerRecord> targets;
      if (opts->containers.empty()) {
        for (const auto& c : ctx.engine().list()) {
          if (opts->all || runtime::is_alive(c.state)) targets.push_back(c);
        }
      } else {
        for (const auto& n : opts->containers) targets.push_back(ctx.engine().get(n));
      }
      // Two samples a moment apart give the CPU figure, as Docker's first reading does.
      std::vector<std::optional<runtime::UsageSample>> first;
      for (const auto& c : targets) {
        first.push_back(runtime::is_alive(c.state)
                            ? runtime::sample_usage(static_cast<pid_t>(c.pid))
                            : std::nullopt);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      std::vector<Json> rows;
      for (size_t i = 0; i < targets.size(); ++i) {
        const auto& c = targets[i];
        std::optional<runtime::UsageSample> second;
        if (first[i]) second = runtime::sample_usage(static_cast<pid_t>(c.pid));
        Json row = {{"ID", opts->no_trunc ? c.id : c.id.substr(0, 12)},
                    {"Container", c.name},
                    {"Name", c.name}};
        if (first[i] && second) {
          row["CPUPerc"] = fmt::format("{:.2f}%", runtime::cpu_percent(*first[i], *second));
          row["MemUsage"] = binary_size(static_cast<double>(second->memory_bytes)) + " / " +
                            binary_size(static_cast<double>(second->memory_limit));
          row["MemPerc"] =
              fmt::format("{:.2f}%", 100.0 * static_cast<double>(second->memory_bytes) /
                                         static_cast<double>(second->memory_limit));
          row["NetIO"] = human_size(static_cast<double>(second->net_rx)) + " / " +
                         human_size(static_cast<double>(second->net_tx));
          row["PIDs"] = std::to_string(second->pids);
          row["BlockIO"] = human_size(static_cast<double>(second->block_read)) + " / " +
                           human_size(static_cast<double>(second->block_write));
        } else {
          row["CPUPerc"] = "0.00%";
          row["MemUsage"] = "0B / 0B";
          row["MemPerc"] = "0.00%";
          row["NetIO"] = "0B / 0B";
          row["PIDs"] = "0";
          row["BlockIO"] = "0B / 0B";
        }
        rows.push_back(row);
      }
      if (!opts->no_stream) std::cout << "\033[2J\033[H";
      std::cout << format_rows(opts->format, spec, rows) << std::flush;
      if (opts->no_stream) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
  return cmd;
}

}  // namespace berth::cli
