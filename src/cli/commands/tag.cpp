// `berth tag SOURCE TARGET`.
#include "base/error.hpp"
#include "cli/commands/command.hpp"

namespace berth::cli {

CLI::App* add_tag(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string source;
    std::string target;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE");
  cmd->add_option("SOURCE_IMAGE", opts->source, "Source image")->required();
  cmd->add_option("TARGET_IMAGE", opts->target, "Target name[:tag]")->required();
  cmd->callback([&ctx, opts] {
    auto target = image::Reference::parse(opts->target);
    if (target.digest())
      throw InvalidArgumentError("refusing to create a tag with a digest reference");
    auto image = ctx.images().resolve(opts->source);
    ctx.images().tag(image.id, target);
  });
  return cmd;
}

}  // namespace berth::cli
