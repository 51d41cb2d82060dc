// `berth export`: a container's filesystem as a tar, as `docker export` writes it.
#include "cli/archive_output.hpp"
#include "cli/commands/command.hpp"
#include "runtime/container_copy.hpp"

namespace berth::cli {

CLI::App* add_export(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string container;
    std::string output;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(name, "Export a container's filesystem as a tar archive");
  cmd->add_option("-o,--output", opts->output, "Write to a file, instead of STDOUT");
  cmd->add_option("CONTAINER", opts->container, "Container")->required();
  cmd->callback([&ctx, opts] {
    // Volumes and binds are not part of it (mounted inside the container only), as in Docker.
    write_archive_output(opts->output, [&](int fd) {
      ctx.engine().with_rootfs(opts->container, [&](const auto& rootfs, const auto&) {
        runtime::archive_rootfs(rootfs, fd);
      });
    });
  });
  return cmd;
}

}  // namespace berth::cli
