// `berth images` / `berth image ls`: REPOSITORY TAG IMAGE ID CREATED SIZE, Docker's filters
// (dangling, reference, before, since, label) and --format.
#include <fnmatch.h>

#include <iostream>
#include <set>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "cli/output.hpp"

namespace berth::cli {
namespace {

struct ImagesOptions {
  bool all = false;
  bool quiet = false;
  bool digests = false;
  bool no_trunc = false;
  std::vector<std::string> filters;
  std::string format;
};

struct ImageRow {
  const image::ImageRecord* image;
  std::string repository = "<none>";
  std::string tag = "<none>";
  std::string digest = "<none>";
};

class ImageFilter {
 public:
  ImageFilter(const std::vector<std::string>& filters, image::ImageStore& store) {
    for (const auto& f : filters) {
      auto eq = f.find('=');
      if (eq == std::string::npos) {
        throw InvalidArgumentError("bad format of filter (expected name=value)");
      }
      std::string key = f.substr(0, eq), value = f.substr(eq + 1);
      if (key == "dangling") {
        if (value != "true" && value != "false") {
          throw InvalidArgumentError("invalid filter 'dangling=" + value + "'");
        }
        dangling_ = value == "true";
      } else if (key == "reference") {
        references_.push_back(value);
      } else if (key == "label") {
        labels_.push_back(value);
      } else if (key == "before" || key == "since") {
        auto ref = store.resolve(value);
        (key == "before" ? before_ : since_) = ref.created;
      } else {
        throw InvalidArgumentError("invalid filter '" + key + "'");
      }
    }
  }

  bool keep_image(const image::ImageRecord& image, image::ImageStore& store) const {
    if (dangling_ && *dangling_ != image.tags.empty()) return false;
    if (!before_.empty() && !(image.created < before_)) return false;
    if (!since_.empty() && !(image.created > since_)) return false;
    if (!labels_.empty()) {
      Json labels = store.config(image).runtime_config().value("Labels", Json::object());
      if (!labels.is_object()) labels = Json::object();
      for (const auto& l : labels_) {
        auto eq = l.find('=');
        std::string key = l.substr(0, eq);
        if (!labels.contains(key)) return false;
        if (eq != std::string::npos && labels[key] != l.substr(eq + 1)) return false;
      }
    }
    return true;
  }

  bool keep_row(const ImageRow& row) const {
    if (references_.empty()) return true;
    if (row.repository == "<none>") return false;
    for (const auto& pattern : references_) {
      std::string with_tag = row.repository + ":" + row.tag;
      if (fnmatch(pattern.c_str(), row.repository.c_str(), FNM_PATHNAME) == 0 ||
          fnmatch(pattern.c_str(), with_tag.c_str(), FNM_PATHNAME) == 0) {
        return true;
      }
    }
    return false;
  }

 private:
  std::optional<bool> dangling_;
  std::vector<std::string> references_;
  std::vector<std::string> labels_;
  std::string before_;
  std::string since_;
};

Json row_json(const ImageRow& row, bool no_trunc) {
  const auto& image = *row.image;
  auto created = parse_rfc3339(image.created);
  return {
      {"Containers", "N/A"},
      {"CreatedAt", created ? format_rfc3339_nano(*created) : image.created},
      {"CreatedSince", created ? human_age(*created) : "N/A"},
      {"Digest", row.digest},
      {"ID", short_id(image.id.str(), no_trunc)},
      {"Repository", row.repository},
      {"SharedSize", "N/A"},
      {"Size", human_size(static_cast<double>(image.size))},
      {"Tag", row.tag},
      {"UniqueSize", "N/A"},
      {"VirtualSize", human_size(static_cast<double>(image.size))},
  };
}

void run_images(Context& ctx, const ImagesOptions& opts) {
  auto& store = ctx.images();
  ImageFilter filter(opts.filters, store);
  auto images = store.list();
  std::vector<ImageRow> rows;
  for (const auto& image : images) {
    if (!filter.keep_image(image, store)) continue;
    std::vector<ImageRow> image_rows;
    for (const auto& tag : image.tags) {
      ImageRow row{&image, tag.familiar_name(), tag.tag().value_or("<none>")};
      for (const auto& d : image.repo_digests) {
        if (d.rfind(tag.name() + "@", 0) == 0) row.digest = d.substr(d.find('@') + 1);
      }
      image_rows.push_back(row);
    }
    if (image_rows.empty()) image_rows.push_back(ImageRow{&image});
    for (auto& row : image_rows) {
      if (filter.keep_row(row)) rows.push_back(row);
    }
  }

  if (opts.quiet) {
    std::set<std::string> seen;
    for (const auto& row : rows) {
      auto id = short_id(row.image->id.str(), opts.no_trunc);
      if (seen.insert(id).second) std::cout << id << "\n";
    }
    return;
  }
  std::vector<Json> json_rows;
  for (const auto& row : rows) json_rows.push_back(row_json(row, opts.no_trunc));
  TableSpec spec;
  spec.default_format =
      opts.digests
          ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
          : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  spec.headers = {{"Containers", "CONTAINERS"},
                  {"CreatedAt", "CREATED AT"},
                  {"CreatedSince", "CREATED"},
                  {"Digest", "DIGEST"},
                  {"ID", "IMAGE ID"},
                  {"Repository", "REPOSITORY"},
                  {"SharedSize", "SHARED SIZE"},
                  {"Size", "SIZE"},
                  {"Tag", "TAG"},
                  {"UniqueSize", "UNIQUE SIZE"},
                  {"VirtualSize", "VIRTUAL SIZE"}};
  std::cout << format_rows(opts.format, spec, json_rows);
}

void add_images_flags(CLI::App* cmd, ImagesOptions& opts) {
  cmd->add_flag("-a,--all", opts.all, "Show all images (default hides intermediate images)");
  cmd->add_flag("-q,--quiet", opts.quiet, "Only show image IDs");
  cmd->add_flag("--digests", opts.digests, "Show digests");
  cmd->add_flag("--no-trunc", opts.no_trunc, "Don't truncate output");
  cmd->add_option("-f,--filter", opts.filters, "Filter output based on conditions provided")
      ->allow_extra_args(false);
  cmd->add_option("--format", opts.format,
                  "Format output using a custom template: 'table', 'table TEMPLATE', 'json', "
                  "or a Go template");
}

}  // namespace

CLI::App* add_images(CLI::App& parent, Context& ctx, const std::string& name) {
  auto opts = std::make_shared<ImagesOptions>();
  auto* cmd = parent.add_subcommand(name, "List images");
  add_images_flags(cmd, *opts);
  cmd->callback([&ctx, opts] { run_images(ctx, *opts); });
  return cmd;
}

}  // namespace berth::cli
