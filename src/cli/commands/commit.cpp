// `berth diff` and `berth commit`.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/container_changes.hpp"

namespace berth::cli {

CLI::App* add_diff(CLI::App& parent, Context& ctx, const std::string& name) {
  auto container = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand(
      name, "Inspect changes to files or directories on a container's filesystem");
  cmd->add_option("CONTAINER", *container, "Container")->required();
  cmd->callback([&ctx, container] {
    auto c = ctx.engine().get(*container);
    for (const auto& change : runtime::container_changes(ctx.engine(), ctx.images(), c)) {
      std::cout << change.kind << " " << change.path << "\n";
    }
  });
  return cmd;
}

CLI::App* add_commit(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container, reference;
    runtime::CommitOptions commit;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Create a new image from a container's changes");
  cmd->add_option("-c,--change", opts->commit.changes,
                  "Apply Dockerfile instruction to the created image")
      ->allow_extra_args(false);
  cmd->add_option("-m,--message", opts->commit.message, "Commit message");
  cmd->add_option("-a,--author", opts->commit.author, "Author");
  cmd->add_option("-p,--pause", opts->commit.pause, "Pause container during commit (default true)");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->add_option("REPOSITORY[:TAG]", opts->reference, "Name for the new image");
  cmd->callback([&ctx, opts] {
    auto options = opts->commit;
    if (!opts->reference.empty()) options.tag = image::Reference::parse(opts->reference);
    auto c = ctx.engine().get(opts->container);
    std::cout << runtime::commit_container(ctx.engine(), ctx.images(), c, options).str() << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
