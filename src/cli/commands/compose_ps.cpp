// `berth compose ps [-a] [-q] [--format table|json|TEMPLATE] [--services] [--status S]
// [SERVICE…]`: the project's containers as docker compose v2 lists them.
#include <iostream>
#include <set>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"
#include "cli/compose_listing.hpp"
#include "cli/container_columns.hpp"
#include "cli/output.hpp"

namespace berth::cli {
namespace {

const std::set<std::string> kComposePsStatuses = {"paused", "restarting", "removing", "running",
                                                  "dead",   "created",    "exited"};

std::string labels_text(const Json& labels) {
  std::string out;
  if (!labels.is_object()) return out;
  for (const auto& [k, v] : labels.items()) {
    out += (out.empty() ? "" : ",") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

Json compose_ps_row(runtime::ContainerEngine& engine, const std::string& project,
                    const compose::ObservedContainer& oc, bool no_trunc) {
  auto c = engine.get(oc.id);
  auto health = runtime::read_health(engine, c.id);
  auto ports = engine.published_ports(c);
  std::string command = command_text(engine.process_args(c));
  auto created = parse_rfc3339(c.created);
  auto request = runtime::request_from_json(c.request);
  std::string networks;
  for (const auto& e : request.networks) networks += (networks.empty() ? "" : ",") + e.network;
  return {
      {"ID", c.id},
      {"Name", c.name},
      {"Names", c.name},
      {"Image", c.image_name},
      {"Command", "\"" + (no_trunc ? command : ellipsis(command, 20)) + "\""},
      {"Project", project},
      {"Service", oc.service},
      {"Created",
       created
           ? std::chrono::duration_cast<std::chrono::seconds>(created->time_since_epoch()).count()
           : 0},
      {"CreatedAt", c.created},
      {"RunningFor", created ? human_age(*created) : ""},
      {"State", std::string(runtime::state_name(c.state))},
      {"Status", status_text(c, health)},
      {"Health", health ? health->status : ""},
      {"ExitCode", c.exit_code},
      {"Ports", ports_text(ports)},
      {"Publishers", publishers_json(ports)},
      {"Labels", labels_text(c.request.value("labels", Json::object()))},
      {"LocalVolumes", "0"},
      {"Mounts", ""},
      {"Networks", networks},
      {"Size", "0B"}};
}

}  // namespace

void add_compose_ps(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool all = false, quiet = false, services_only = false, no_trunc = false;
    std::string format;
    std::vector<std::string> status, filters, services;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("ps", "List containers");
  cmd->add_flag("-a,--all", o->all,
                "Show all stopped containers (including those created by the run command)");
  cmd->add_flag("-q,--quiet", o->quiet, "Only display IDs");
  cmd->add_flag("--services", o->services_only, "Display services");
  cmd->add_flag("--no-trunc", o->no_trunc, "Don't truncate output");
  cmd->add_option("--format", o->format,
                  "Format output using a custom template: 'table' (default), 'json', or a Go "
                  "template");
  cmd->add_option("--status", o->status,
                  "Filter services by status. Values: [paused | restarting | removing | running "
                  "| dead | created | exited]")
      ->allow_extra_args(false);
  cmd->add_option("--filter", o->filters, "Filter services by a property (supported: status)")
      ->allow_extra_args(false);
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    std::vector<std::string> statuses = o->status;
    for (const auto& f : o->filters) {
      auto eq = f.find('=');
      if (eq == std::string::npos || f.substr(0, eq) != "status") {
        throw InvalidArgumentError("unsupported filter: " + f + " (supported: status=STATE)");
      }
      statuses.push_back(f.substr(eq + 1));
    }
    for (const auto& s : statuses) {
      if (!kComposePsStatuses.count(s)) throw InvalidArgumentError("invalid status: " + s);
    }
    auto view = open_project_view(*project);
    check_services(view, o->services);
    auto backend = compose_engine(ctx);
    auto& engine = backend->engine().lifecycle();
    std::vector<compose::ObservedContainer> shown;
    for (auto& c : project_containers(*backend, view.name, o->services, o->all)) {
      bool wanted = statuses.empty()
                        ? (o->all || c.running())
                        : std::find(statuses.begin(), statuses.end(), c.state) != statuses.end();
      if (wanted) shown.push_back(std::move(c));
    }
    if (o->quiet) {
      for (const auto& c : shown) std::cout << c.id << "\n";
      return;
    }
    if (o->services_only) {
      std::vector<std::string> names;
      for (const auto& c : shown) {
        if (std::find(names.begin(), names.end(), c.service) == names.end()) {
          names.push_back(c.service);
        }
      }
      for (const auto& n : names) std::cout << n << "\n";
      return;
    }
    std::vector<Json> rows;
    for (const auto& c : shown) rows.push_back(compose_ps_row(engine, view.name, c, o->no_trunc));
    TableSpec spec{
        "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t"
        "{{.Ports}}",
        {{"ID", "CONTAINER ID"},       {"Name", "NAME"},          {"Names", "NAMES"},
         {"Image", "IMAGE"},           {"Command", "COMMAND"},    {"Project", "PROJECT"},
         {"Service", "SERVICE"},       {"Created", "CREATED"},    {"CreatedAt", "CREATED AT"},
         {"RunningFor", "CREATED"},    {"State", "STATE"},        {"Status", "STATUS"},
         {"Health", "HEALTH"},         {"ExitCode", "EXIT CODE"}, {"Ports", "PORTS"},
         {"Publishers", "PUBLISHERS"}, {"Labels", "LABELS"},      {"LocalVolumes", "LOCAL VOLUMES"},
         {"Mounts", "MOUNTS"},         {"Networks", "NETWORKS"},  {"Size", "SIZE"}}};
    std::string format = o->format == "table" ? std::string() : o->format;
    std::cout << format_rows(format, spec, rows);
  });
}

}  // namespace berth::cli
