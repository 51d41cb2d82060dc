// `berth export`: a container's filesystem as a tar, as `docker export` writes it.
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"
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
    if (opts->output.empty() && ::isatty(STDOUT_FILENO)) {
      throw InvalidArgumentError(
          "cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    // Volumes and binds are not part of it (mounted inside the container only), as in Docker.
    auto write = [&](int fd) {
      ctx.engine().with_rootfs(opts->container, [&](const auto& rootfs, const auto&) {
        runtime::archive_rootfs(rootfs, fd);
      });
    };
    if (opts->output.empty()) {
      write(STDOUT_FILENO);
      return;
    }
    if (UniqueFd special = open_special_output(opts->output); special.valid()) {
      write(special.get());  // -o /dev/null
      return;
    }
    // Written under a temp name and renamed, so a failed export leaves no partial file.
    AtomicFile out(opts->output, 0644);
    write(out.fd());
    out.commit();
  });
  return cmd;
}

}  // namespace berth::cli
