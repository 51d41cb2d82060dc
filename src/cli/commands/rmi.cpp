// `berth rmi` / `berth image rm`: untag, and delete images left without tags, as Docker does.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "engine/image_removal.hpp"

namespace berth::cli {
namespace {

// Deletes one image named by the user; prints Untagged:/Deleted: lines as Docker does.
void remove_image(Context& ctx, const std::string& name, bool force) {
  auto removal = engine::remove_image(ctx.core(), name, force);
  for (const auto& ref : removal.untagged) std::cout << "Untagged: " << ref << "\n";
  for (const auto& id : removal.deleted) std::cout << "Deleted: " << id << "\n";
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
