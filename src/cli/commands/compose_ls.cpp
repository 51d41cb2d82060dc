// `berth compose ls [-a] [-q] [--format table|json]`: the projects that have containers on
// this root, found by their labels: NAME STATUS CONFIG FILES.
#include <iostream>

#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"
#include "cli/compose_listing.hpp"
#include "cli/format/table_writer.hpp"

namespace berth::cli {

void add_compose_ls(CLI::App& group, Context& ctx, ProjectOptionsPtr /*project*/) {
  struct Options {
    bool all = false, quiet = false;
    std::string format = "table";
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("ls", "List running compose projects");
  cmd->add_flag("-a,--all", o->all, "Show all stopped Compose projects");
  cmd->add_flag("-q,--quiet", o->quiet, "Only display IDs");
  cmd->add_option("--format", o->format, "Format the output. Values: [table | json]")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([&ctx, o] {
    std::vector<LabelledContainerState> containers;
    for (const auto& record : ctx.engine().list()) {
      if (!o->all && !runtime::is_alive(record.state)) continue;
      containers.push_back({runtime::request_from_json(record.request).labels,
                            std::string(runtime::state_name(record.state))});
    }
    auto projects = summarize_projects(containers);
    if (o->quiet) {
      for (const auto& p : projects) std::cout << p.name << "\n";
      return;
    }
    if (o->format == "json") {
      Json out = Json::array();
      for (const auto& p : projects) {
        out.push_back({{"Name", p.name}, {"Status", p.status}, {"ConfigFiles", p.config_files}});
      }
      std::cout << out.dump() << "\n";
      return;
    }
    TableWriter table;
    table.add_row({"NAME", "STATUS", "CONFIG FILES"});
    for (const auto& p : projects) table.add_row({p.name, p.status, p.config_files});
    std::cout << table.render();
  });
}

}  // namespace berth::cli
