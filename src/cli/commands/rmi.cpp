// `berth rmi` / `berth image rm`: untag, and delete images left without tags, as Docker does.
#include <iostream>
#include <set>

#include "base/error.hpp"
#include "cli/commands/command.hpp"

namespace berth::cli {
namespace {

// Deletes one image named by the user; prints Untagged:/Deleted: lines as Docker does.
void remove_image(Context& ctx, const std::string& name, bool force) {
  auto& store = ctx.images();
  auto image = store.resolve(name);
  auto ref = image::Reference::try_parse(name);
  bool by_tag = false;
  if (ref && !image::Reference::looks_like_full_id(name)) {
    for (const auto& t : image.tags) by_tag = by_tag || t == *ref;
  }
  if (by_tag && image.tags.size() > 1) {
    store.untag(*ref);
    std::cout << "Untagged: " << ref->familiar() << "\n";
    return;
  }
  // Docker keeps an image that containers use: without -f that is a conflict; with -f the
  // image is only untagged (it stays, dangling, until its containers are gone).
  bool in_use = false;
  for (const auto& id : ctx.containers().users_of_image(image.id)) {
    auto c = ctx.engine().get(id);
    bool running = runtime::is_alive(c.state);
    if (running || !force) {
      throw ConflictError(std::string("conflict: unable to delete ") + image.id.short_id() +
                          (running
                               ? " (cannot be forced) - image is being used by running container "
                               : " (must be forced) - image is being used by stopped container ") +
                          c.id.substr(0, 12));
    }
    in_use = true;
  }
  if (by_tag) {
    store.untag(*ref);
    std::cout << "Untagged: " << ref->familiar() << "\n";
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
  if (in_use) return;
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
        remove_image(ctx, name, opts->force);
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
