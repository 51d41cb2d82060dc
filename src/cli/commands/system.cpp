// `berth system df`: disk usage, as Docker reckons it. `berth system reset`: back to a fresh root.
// Every container is removed (stopping it), every network is torn down (bridges, veths, firewall
// rules, DNS records, namespaces), then the root's images, volumes, build cache and database go.
#include <iostream>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/output.hpp"
#include "engine/disk_usage.hpp"
#include "runtime/rootfs.hpp"

namespace berth::cli {

namespace {

// One row of `system df`, in Docker's words: sizes with four significant digits, and what could
// be reclaimed with its share of the size (not for the build cache, as Docker).
Json disk_usage_row(const std::string& type, const engine::DiskUsageRow& row, bool percent) {
  std::string reclaimable = human_size(static_cast<double>(row.reclaimable), 4);
  if (percent && row.size > 0) {
    reclaimable += " (" + std::to_string(row.reclaimable * 100 / row.size) + "%)";
  }
  return {{"Type", type},
          {"TotalCount", std::to_string(row.total)},
          {"Active", std::to_string(row.active)},
          {"Size", human_size(static_cast<double>(row.size), 4)},
          {"Reclaimable", reclaimable}};
}

void add_system_df(CLI::App& group, Context& ctx) {
  struct Options {
    std::string format;
    bool verbose = false;
  };
  auto opts = std::make_shared<Options>();
  auto* df = group.add_subcommand("df", "Show Berth disk usage");
  df->add_option("--format", opts->format, "Format output using a custom template");
  df->add_flag("-v,--verbose", opts->verbose, "Show detailed information on space usage");
  df->callback([&ctx, opts] {
    if (opts->verbose) throw InvalidArgumentError("system df --verbose is not supported yet");
    auto usage = engine::disk_usage(ctx.core());
    std::vector<Json> rows = {disk_usage_row("Images", usage.images, true),
                              disk_usage_row("Containers", usage.containers, true),
                              disk_usage_row("Local Volumes", usage.volumes, true),
                              disk_usage_row("Build Cache", usage.build_cache, false)};
    TableSpec spec{"table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
                   {{"Type", "TYPE"},
                    {"TotalCount", "TOTAL"},
                    {"Active", "ACTIVE"},
                    {"Size", "SIZE"},
                    {"Reclaimable", "RECLAIMABLE"}}};
    std::cout << format_rows(opts->format, spec, rows);
  });
}

}  // namespace

CLI::App* add_system(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("system", "Manage Berth");
  group->require_subcommand(1);
  add_system_df(*group, ctx);
  auto force = std::make_shared<bool>(false);
  auto* reset = group->add_subcommand("reset", "Reset Berth's storage back to the initial state");
  reset->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  reset->callback([&ctx, force] {
    if (!*force) {
      std::cout << "WARNING! This will remove all containers, networks, volumes, images and the "
                   "build cache of "
                << ctx.root().string() << ".\nAre you sure you want to continue? [y/N] "
                << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    auto& engine = ctx.engine();
    int failures = 0;
    for (const auto& c : engine.list()) {
      try {
        engine.remove(c.id, true, true);
      } catch (const Error& e) {
        std::cerr << "Error: remove container " << c.name << ": " << e.what() << "\n";
        ++failures;
      }
    }
    ctx.networks().reset();
    if (failures) {
      // A container still mounted would make deleting the root unsafe.
      throw Error("system reset stopped: " + std::to_string(failures) +
                  " containers could not be removed");
    }
    // What a process killed with -9 left mounted (a build step's overlay).
    runtime::unmount_all_under(ctx.root());
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(ctx.root(), ec)) {
      std::filesystem::remove_all(entry.path(), ec);
      if (ec) throw Error("remove " + entry.path().string() + ": " + ec.message());
    }
  });
  return group;
}

}  // namespace berth::cli
