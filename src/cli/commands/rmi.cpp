// `berth rmi` / `berth image rm`: untag, and delete images left without tags, as Docker does.
#include <iostream>
#include <set>

#include "base/error.hpp"
#include "cli/commands/command.hpp"

namespace berth::cli {
namespace {

// Deletes one image named by the user; prints Untagged:/Deleted: lines as Docker does.
void remove_image(image::ImageStore& store, const std::string& name, bool force) {
  auto image = store.resolve(name);
  auto ref = image::Reference::try_parse(name);
  bool by_tag = false;
  if (ref && !image::Reference::looks_like_full_id(name)) {
    for (const auto& t : image.tags) by_tag = by_tag || t == *ref;
  }
  if (by_tag) {
    store.untag(*ref);
    std::cout << "Untagged: " << ref->familiar() << "\n";
    if (image.tags.size() > 1) return;
  } else {
    std::set<std::string> repositories;
    for (const auto& t : image.tags) repositories.insert(t.name());
    if (repositories.size() > 1 && !force) {
      throw ConflictError("conflict: unable to delete " + image.id.short_id() +
                          " (must be forced) - image is referenced in multiple repositories");
    }
    for (const auto& t : image.tags) {
      store.untag(t);
      std::cout << "Untagged: " << t.familiar() << "\n";
    }
  }
  store.delete_image(image.id);
  std::cout << "Deleted: " << image.id.str() << "\n";
}

}  // namespace

CLI::App* add_rmi(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::vector<std::string> images;
    bool force = false;
    bool no_prune = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Remove one or more images");
  cmd->add_flag("-f,--force", opts->force, "Force removal of the image");
  cmd->add_flag("--no-prune", opts->no_prune, "Do not delete untagged parents");
  cmd->add_option("IMAGE", opts->images, "Images to remove")->required();
  cmd->callback([&ctx, opts] {
    auto& store = ctx.images();
    int failures = 0;
    for (const auto& name : opts->images) {
      try {
        remove_image(store, name, opts->force);
      } catch (const Error& e) {
        std::cerr << "Error: " << e.what() << "\n";
        ++failures;
      }
    }
    auto gc = store.collect_garbage();
    for (const auto& layer : gc.removed_layers) std::cout << "Deleted: " << layer.str() << "\n";
    if (failures > 0) throw ExitStatus{1};
  });
  return cmd;
}

}  // namespace berth::cli
