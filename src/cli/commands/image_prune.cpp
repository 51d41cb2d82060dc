// `berth image prune [-a] [-f]`: removes dangling images (or, with -a, all images; containers
// that keep an image in use arrive with the containers milestone).
#include <unistd.h>

#include <iostream>

#include "base/human_format.hpp"
#include "cli/commands/command.hpp"

namespace berth::cli {

CLI::App* add_image_prune(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    bool all = false;
    bool force = false;
    std::vector<std::string> filters;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Remove unused images");
  cmd->add_flag("-a,--all", opts->all, "Remove all unused images, not just dangling ones");
  cmd->add_flag("-f,--force", opts->force, "Do not prompt for confirmation");
  cmd->callback([&ctx, opts] {
    if (!opts->force) {
      std::cout << (opts->all ? "WARNING! This will remove all images without at least one "
                                "container associated to them.\n"
                              : "WARNING! This will remove all dangling images.\n")
                << "Are you sure you want to continue? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y") {
        std::cout << "\n";
        return;
      }
    }
    auto& store = ctx.images();
    std::vector<std::string> lines;
    for (const auto& image : store.list()) {
      if (!opts->all && !image.tags.empty()) continue;
      if (!ctx.containers().users_of_image(image.id).empty()) continue;
      for (const auto& t : image.tags) {
        store.untag(t);
        lines.push_back("untagged: " + t.familiar());
      }
      store.delete_image(image.id);
      lines.push_back("deleted: " + image.id.str());
    }
    auto gc = store.collect_garbage();
    for (const auto& layer : gc.removed_layers) lines.push_back("deleted: " + layer.str());
    if (!lines.empty()) {
      std::cout << "Deleted Images:\n";
      for (const auto& l : lines) std::cout << l << "\n";
      std::cout << "\n";
    }
    std::cout << "Total reclaimed space: " << human_size(static_cast<double>(gc.reclaimed_bytes))
              << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
