// `berth ps`: CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS NAMES, with Docker's filters.
#include <iostream>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/container_columns.hpp"
#include "cli/container_size.hpp"
#include "cli/output.hpp"
#include "runtime/health_check.hpp"

namespace berth::cli {
namespace {

bool matches_filters(const runtime::ContainerRecord& c,
                     const std::optional<runtime::HealthState>& health,
                     const std::vector<std::string>& filters) {
  for (const auto& f : filters) {
    auto eq = f.find('=');
    if (eq == std::string::npos)
      throw InvalidArgumentError("bad format of filter (expected name=value)");
    std::string key = f.substr(0, eq), value = f.substr(eq + 1);
    if (key == "status") {
      if (std::string(runtime::state_name(c.state)) != value) return false;
    } else if (key == "name") {
      if (c.name.find(value) == std::string::npos) return false;
    } else if (key == "id") {
      if (c.id.rfind(value, 0) != 0) return false;
    } else if (key == "exited") {
      if (c.state != runtime::ContainerState::kExited || std::to_string(c.exit_code) != value)
        return false;
    } else if (key == "ancestor") {
      if (c.image_name != value && c.image_id.str() != value &&
          c.image_id.hex().rfind(value, 0) != 0)
        return false;
    } else if (key == "health") {
      if (value != "starting" && value != "healthy" && value != "unhealthy" && value != "none") {
        throw InvalidArgumentError("Unrecognised filter value for health: " + value);
      }
      if ((health ? health->status : "none") != value) return false;
    } else if (key == "label") {
      auto labels = c.request.value("labels", Json::object());
      auto leq = value.find('=');
      std::string lk = value.substr(0, leq);
      if (!labels.contains(lk)) return false;
      if (leq != std::string::npos && labels[lk] != value.substr(leq + 1)) return false;
    } else {
      throw InvalidArgumentError("invalid filter '" + key + "'");
    }
  }
  return true;
}

}  // namespace

CLI::App* add_ps(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    bool all = false, quiet = false, no_trunc = false, latest = false, size = false;
    int last = -1;
    std::vector<std::string> filters;
    std::string format;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "List containers");
  cmd->add_flag("-a,--all", opts->all, "Show all containers (default shows just running)");
  cmd->add_flag("-q,--quiet", opts->quiet, "Only display container IDs");
  cmd->add_flag("--no-trunc", opts->no_trunc, "Don't truncate output");
  cmd->add_option("-n,--last", opts->last, "Show n last created containers (includes all states)");
  cmd->add_flag("-l,--latest", opts->latest,
                "Show the latest created container (includes all states)");
  cmd->add_flag("-s,--size", opts->size, "Display total file sizes");
  cmd->add_option("-f,--filter", opts->filters, "Filter output based on conditions provided")
      ->allow_extra_args(false);
  cmd->add_option("--format", opts->format, "Format output using a custom template");
  cmd->callback([&ctx, opts] {
    auto all = ctx.engine().list();
    int limit = opts->latest ? 1 : opts->last;
    bool include_stopped = opts->all || limit > 0 || !opts->filters.empty();
    // Sizes walk each writable layer, so they are computed only when shown: asked for, or
    // used by the template (as Docker's CLI decides).
    bool sizes = !opts->quiet && (opts->size || opts->format.find(".Size") != std::string::npos);
    std::vector<Json> rows;
    for (const auto& c : all) {
      if (limit >= 0 && static_cast<int>(rows.size()) >= limit) break;
      if (!include_stopped && !runtime::is_alive(c.state)) continue;
      auto health = runtime::read_health(ctx.engine(), c.id);
      if (!matches_filters(c, health, opts->filters)) continue;
      if (opts->quiet) {
        std::cout << (opts->no_trunc ? c.id : c.id.substr(0, 12)) << "\n";
        continue;
      }
      std::string command = command_text(ctx.engine().process_args(c));
      std::string ports = ports_text(ctx.engine().published_ports(c));
      auto request = runtime::request_from_json(c.request);
      std::string networks;
      for (const auto& e : request.networks) {
        networks +=
            (networks.empty() ? "" : ",") + (network::NetworkManager::is_default_name(e.network)
                                                 ? std::string(network::kDefaultNetworkName)
                                                 : e.network);
      }
      if (request.networks.empty()) networks = request.network_mode;
      rows.push_back(
          {{"ID", opts->no_trunc ? c.id : c.id.substr(0, 12)},
           {"Image", c.image_name},
           {"Command", "\"" + (opts->no_trunc ? command : ellipsis(command, 20)) + "\""},
           {"CreatedAt", c.created},
           {"RunningFor", parse_rfc3339(c.created) ? human_age(*parse_rfc3339(c.created)) : ""},
           {"Status", status_text(c, health)},
           {"State", std::string(runtime::state_name(c.state))},
           {"Ports", ports},
           {"Names", c.name},
           {"Labels", c.request.value("labels", Json::object())},
           {"Mounts", ""},
           {"Networks", networks},
           {"Size", sizes ? size_text(container_size(ctx, c)) : "0B"}});
    }
    if (opts->quiet) return;
    TableSpec spec{
        std::string("table "
                    "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}"
                    "\t{{.Names}}") +
            (opts->size ? "\t{{.Size}}" : ""),
        {{"ID", "CONTAINER ID"},
         {"Image", "IMAGE"},
         {"Command", "COMMAND"},
         {"CreatedAt", "CREATED AT"},
         {"RunningFor", "CREATED"},
         {"Status", "STATUS"},
         {"State", "STATE"},
         {"Ports", "PORTS"},
         {"Names", "NAMES"},
         {"Labels", "LABELS"},
         {"Mounts", "MOUNTS"},
         {"Networks", "NETWORKS"},
         {"Size", "SIZE"}}};
    std::cout << format_rows(opts->format, spec, rows);
  });
  return cmd;
}

}  // namespace berth::cli
