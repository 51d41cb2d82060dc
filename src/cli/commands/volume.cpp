// `berth volume create/ls/inspect/rm/prune`.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/labels.hpp"
#include "cli/output.hpp"

namespace berth::cli {
namespace {

OrderedJson volume_json(const volume::Volume& v) {
  OrderedJson labels = OrderedJson::object();
  for (const auto& [k, val] : v.labels) labels[k] = val;
  return {{"CreatedAt", v.created}, {"Driver", v.driver},
          {"Labels", labels},       {"Mountpoint", v.mountpoint.string()},
          {"Name", v.name},         {"Options", OrderedJson::object()},
          {"Scope", "local"}};
}

}  // namespace

CLI::App* add_volume(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("volume", "Manage volumes");
  group->require_subcommand(1);

  struct CreateOptions {
    std::string name, driver = "local";
    std::vector<std::string> labels;
  };
  auto create = std::make_shared<CreateOptions>();
  auto* c = group->add_subcommand("create", "Create a volume");
  c->add_option("-d,--driver", create->driver, "Specify volume driver name");
  c->add_option("--label", create->labels, "Set metadata for a volume")->allow_extra_args(false);
  c->add_option("VOLUME", create->name, "Volume name");
  c->callback([&ctx, create] {
    if (create->driver != "local") {
      throw InvalidArgumentError("volume driver \"" + create->driver +
                                 "\" is not supported yet: only local");
    }
    std::cout << ctx.volumes().create(create->name, parse_labels(create->labels)).name << "\n";
  });

  struct ListOptions {
    bool quiet = false;
    std::vector<std::string> filters;
    std::string format;
  };
  auto list = std::make_shared<ListOptions>();
  auto* ls = group->add_subcommand("ls", "List volumes")->alias("list");
  ls->add_flag("-q,--quiet", list->quiet, "Only display volume names");
  ls->add_option("-f,--filter", list->filters, "Provide filter values (e.g. dangling=true)")
      ->allow_extra_args(false);
  ls->add_option("--format", list->format, "Format output using a custom template");
  ls->callback([&ctx, list] {
    std::vector<Json> rows;
    for (const auto& v : ctx.volumes().list()) {
      bool keep = true;
      for (const auto& f : list->filters) {
        auto eq = f.find('=');
        std::string key = f.substr(0, eq), value = eq == std::string::npos ? "" : f.substr(eq + 1);
        if (key == "dangling") {
          bool dangling = ctx.engine().volume_users(v.name).empty();
          keep = keep && (dangling == (value == "true" || value == "1"));
        } else if (key == "name") {
          keep = keep && v.name.find(value) != std::string::npos;
        } else if (key == "label") {
          auto leq = value.find('=');
          auto it = v.labels.find(value.substr(0, leq));
          keep = keep && it != v.labels.end() &&
                 (leq == std::string::npos || it->second == value.substr(leq + 1));
        } else {
          throw InvalidArgumentError("invalid filter '" + key + "'");
        }
      }
      if (!keep) continue;
      if (list->quiet) {
        std::cout << v.name << "\n";
        continue;
      }
      rows.push_back({{"Driver", v.driver},
                      {"Name", v.name},
                      {"Mountpoint", v.mountpoint.string()},
                      {"Scope", "local"},
                      {"Labels", v.labels},
                      {"CreatedAt", v.created}});
    }
    if (list->quiet) return;
    TableSpec spec{"table {{.Driver}}\t{{.Name}}",
                   {{"Driver", "DRIVER"},
                    {"Name", "VOLUME NAME"},
                    {"Mountpoint", "MOUNTPOINT"},
                    {"Scope", "SCOPE"},
                    {"Labels", "LABELS"},
                    {"CreatedAt", "CREATED AT"}}};
    std::cout << format_rows(list->format, spec, rows);
  });

  struct InspectOptions {
    std::vector<std::string> names;
    std::string format;
  };
  auto inspect = std::make_shared<InspectOptions>();
  auto* in =
      group->add_subcommand("inspect", "Display detailed information on one or more volumes");
  in->add_option("-f,--format", inspect->format, "Format output using a custom template");
  in->add_option("VOLUME", inspect->names, "Volumes")->required();
  in->callback([&ctx, inspect] {
    std::vector<OrderedJson> found;
    std::vector<std::string> errors;
    for (const auto& n : inspect->names) {
      if (auto v = ctx.volumes().find(n)) {
        found.push_back(volume_json(*v));
      } else {
        errors.push_back("get " + n + ": no such volume");
      }
    }
    std::cout << render_inspect(inspect->format, found);
    for (const auto& e : errors) std::cerr << "Error response from daemon: " << e << "\n";
    if (!errors.empty()) throw ExitStatus{1};
  });

  struct RemoveOptions {
    std::vector<std::string> names;
    bool force = false;
  };
  auto remove = std::make_shared<RemoveOptions>();
  auto* rm = group->add_subcommand("rm", "Remove one or more volumes")->alias("remove");
  rm->add_flag("-f,--force", remove->force, "Force the removal of one or more volumes");
  rm->add_option("VOLUME", remove->names, "Volumes")->required();
  rm->callback([&ctx, remove] {
    int failures = 0;
    for (const auto& n : remove->names) {
      try {
        auto users = ctx.engine().volume_users(n);
        if (!users.empty()) {
          throw ConflictError("remove " + n + ": volume is in use - [" + users.front() + "]");
        }
        if (!ctx.volumes().find(n)) {
          if (remove->force) continue;
          throw NotFoundError("get " + n + ": no such volume");
        }
        ctx.volumes().remove(n);
        std::cout << n << "\n";
      } catch (const Error& e) {
        std::cerr << "Error response from daemon: " << e.what() << "\n";
        ++failures;
      }
    }
    if (failures) throw ExitStatus{1};
  });

  struct PruneOptions {
    bool force = false, all = false;
  };
  auto prune = std::make_shared<PruneOptions>();
  auto* pr = group->add_subcommand("prune", "Remove unused local volumes");
  pr->add_flag("-f,--force", prune->force, "Do not prompt for confirmation");
  pr->add_flag("-a,--all", prune->all, "Remove all unused volumes, not just anonymous ones");
  pr->callback([&ctx, prune] {
    if (!prune->force) {
      std::cout << "WARNING! This will remove anonymous local volumes not used by at least one "
                   "container.\n"
                << "Are you sure you want to continue? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") return;
    }
    std::vector<std::string> removed;
    for (const auto& v : ctx.volumes().list()) {
      if (!prune->all && !v.anonymous) continue;
      if (!ctx.engine().volume_users(v.name).empty()) continue;
      ctx.volumes().remove(v.name);
      removed.push_back(v.name);
    }
    if (!removed.empty()) {
      std::cout << "Deleted Volumes:\n";
      for (const auto& n : removed) std::cout << n << "\n";
      std::cout << "\n";
    }
    std::cout << "Total reclaimed space: 0B\n";
  });
  return group;
}

}  // namespace berth::cli
