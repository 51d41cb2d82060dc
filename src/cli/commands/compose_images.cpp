// `berth compose images [-q] [--format table|json] [SERVICE…]`: the image each of the
// project's containers uses, CONTAINER REPOSITORY TAG IMAGE ID SIZE.
#include <iostream>

#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/commands/compose_containers.hpp"
#include "cli/output.hpp"

namespace berth::cli {

void add_compose_images(CLI::App& group, Context& ctx, ProjectOptionsPtr project) {
  struct Options {
    bool quiet = false;
    std::string format;
    std::vector<std::string> services;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = group.add_subcommand("images", "List images used by the created containers");
  cmd->add_flag("-q,--quiet", o->quiet, "Only display IDs");
  cmd->add_option("--format", o->format, "Format the output. Values: [table | json]")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("SERVICE", o->services, "Services");
  cmd->callback([&ctx, project, o] {
    auto view = open_project_view(*project);
    check_services(view, o->services);
    auto backend = compose_engine(ctx);
    auto& store = backend->engine().images();
    std::vector<Json> rows;
    std::vector<std::string> ids;
    for (const auto& c : project_containers(*backend, view.name, o->services, false)) {
      std::string hex = c.image_id.rfind("sha256:", 0) == 0 ? c.image_id.substr(7) : c.image_id;
      if (o->quiet) {
        if (std::find(ids.begin(), ids.end(), hex) == ids.end()) ids.push_back(hex);
        continue;
      }
      std::string repository = "<none>", tag = "<none>";
      if (auto ref = image::Reference::try_parse(c.image);
          ref && !image::Reference::looks_like_full_id(c.image)) {
        repository = ref->familiar_name();
        tag = ref->tag().value_or(ref->digest() ? "<none>" : "latest");
      }
      auto image = store.try_resolve(c.image_id);
      rows.push_back({{"ContainerName", c.name},
                      {"Repository", repository},
                      {"Tag", tag},
                      {"ID", hex.substr(0, 12)},
                      {"Size", image ? human_size(static_cast<double>(image->size)) : "N/A"}});
    }
    if (o->quiet) {
      for (const auto& id : ids) std::cout << id << "\n";
      return;
    }
    TableSpec spec{"table {{.ContainerName}}\t{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}",
                   {{"ContainerName", "CONTAINER"},
                    {"Repository", "REPOSITORY"},
                    {"Tag", "TAG"},
                    {"ID", "IMAGE ID"},
                    {"Size", "SIZE"}}};
    std::cout << format_rows(o->format == "table" ? std::string() : o->format, spec, rows);
  });
}

}  // namespace berth::cli
