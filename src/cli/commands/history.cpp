// `berth history`: the image's history, newest first, with the size of each layer.
#include <iostream>

#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/output.hpp"

namespace berth::cli {
namespace {

struct HistoryOptions {
  std::string image;
  bool human = true;
  bool no_trunc = false;
  bool quiet = false;
  std::string format;
};

void run_history(Context& ctx, const HistoryOptions& opts) {
  auto& store = ctx.images();
  auto image = store.resolve(opts.image);
  auto config = store.config(image);
  Json history = config.history();
  // Entries without empty_layer consume the image's layers in order.
  struct Entry {
    Json item;
    int64_t size;
  };
  std::vector<Entry> entries;
  size_t layer = 0;
  for (const auto& h : history) {
    int64_t size = 0;
    if (!h.value("empty_layer", false) && layer < image.layers.size()) {
      size = image.layers[layer++].layer.unpacked_size;
    }
    entries.push_back({h, size});
  }
  std::vector<Json> rows;
  for (size_t i = entries.size(); i-- > 0;) {
    const auto& h = entries[i].item;
    bool top = i + 1 == entries.size();
    std::string id = top ? short_id(image.id.str(), opts.no_trunc) : "<missing>";
    auto created = parse_rfc3339(h.value("created", ""));
    std::string created_by = h.value("created_by", "");
    rows.push_back({
        {"ID", id},
        {"CreatedSince",
         created ? (opts.human ? human_age(*created) : format_rfc3339_nano(*created)) : "N/A"},
        {"CreatedAt", created ? format_rfc3339_nano(*created) : ""},
        {"CreatedBy", opts.no_trunc ? created_by : ellipsis(created_by, 45)},
        {"Size", opts.human ? human_size(static_cast<double>(entries[i].size))
                            : std::to_string(entries[i].size)},
        {"Comment", h.value("comment", "")},
    });
  }
  if (opts.quiet) {
    for (const auto& r : rows) std::cout << r["ID"].get<std::string>() << "\n";
    return;
  }
  TableSpec spec{"table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
                 {{"ID", "IMAGE"},
                  {"CreatedSince", "CREATED"},
                  {"CreatedAt", "CREATED AT"},
                  {"CreatedBy", "CREATED BY"},
                  {"Size", "SIZE"},
                  {"Comment", "COMMENT"}}};
  std::cout << format_rows(opts.format, spec, rows);
}

}  // namespace

CLI::App* add_history(CLI::App& parent, Context& ctx, const std::string& name) {
  auto opts = std::make_shared<HistoryOptions>();
  auto* cmd = parent.add_subcommand(name, "Show the history of an image");
  cmd->add_option("-H,--human", opts->human, "Print sizes and dates in human readable format");
  cmd->add_flag("--no-trunc", opts->no_trunc, "Don't truncate output");
  cmd->add_flag("-q,--quiet", opts->quiet, "Only show image IDs");
  cmd->add_option("--format", opts->format, "Format output using a custom template");
  cmd->add_option("IMAGE", opts->image, "Image")->required();
  cmd->callback([&ctx, opts] { run_history(ctx, *opts); });
  return cmd;
}

}  // namespace berth::cli
