// `berth push [-q] NAME[:TAG]`: an image to a registry, with docker push's lines.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "registry/image_pusher.hpp"

namespace berth::cli {

CLI::App* add_push(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string reference;
    bool all_tags = false;
    bool quiet = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Upload an image to a registry");
  cmd->add_flag("-a,--all-tags", opts->all_tags, "Push all tags of an image to the repository");
  cmd->add_flag("-q,--quiet", opts->quiet, "Suppress verbose output");
  cmd->add_option("NAME", opts->reference, "Image name[:TAG]")->required();
  cmd->callback([&ctx, opts] {
    if (opts->all_tags) throw InvalidArgumentError("push --all-tags: not supported yet");
    auto ref = image::Reference::parse(opts->reference);
    if (ref.digest()) throw InvalidArgumentError("push by digest: not supported yet; push a tag");
    registry::PushProgress progress;
    if (!opts->quiet) {
      progress = [](const std::string& line) { std::cout << line << "\n" << std::flush; };
    }
    registry::push_image(ctx.images(), ref, progress);
    if (opts->quiet) std::cout << ref.str() << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
