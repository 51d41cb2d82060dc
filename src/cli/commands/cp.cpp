// `berth cp CONTAINER:SRC DEST|-` and `berth cp SRC|- CONTAINER:DEST` ("-": a tar stream).
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "runtime/container_copy.hpp"

namespace berth::cli {
namespace {

struct Location {
  std::string container;  // empty for a host path
  std::string path;
};

// Docker's rule: "name:path" is a container path unless the part before ':' contains '/'
// (a host path like ./a:b) or the argument starts with '/' or '.'.
Location parse_location(const std::string& arg) {
  auto colon = arg.find(':');
  if (colon == std::string::npos || arg[0] == '/' || arg[0] == '.' ||
      arg.substr(0, colon).find('/') != std::string::npos) {
    return {"", arg};
  }
  return {arg.substr(0, colon), arg.substr(colon + 1)};
}

// Volumes and binds are mounted inside the container only, not on the merged dir we copy to.
void refuse_mounted_paths(const runtime::ContainerRequest& request, const std::string& path) {
  for (const auto& m : request.mounts) {
    const auto& d = m.destination;
    if (path == d || (path.rfind(d, 0) == 0 && path.size() > d.size() && path[d.size()] == '/')) {
      throw Error("copying into or out of the mounted path " + d +
                  " (a volume or bind mount) is not supported yet");
    }
  }
}

}  // namespace

CLI::App* add_cp(CLI::App& parent, Context& ctx, const std::string& name) {
  struct Options {
    std::string source, destination;
    bool archive = false, follow = false, quiet = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = parent.add_subcommand(
      name, "Copy files/folders between a container and the local filesystem");
  cmd->add_flag("-a,--archive", opts->archive, "Archive mode (copy all uid/gid information)");
  cmd->add_flag("-L,--follow-link", opts->follow, "Always follow symbol link in SRC_PATH");
  cmd->add_flag("-q,--quiet", opts->quiet, "Suppress progress output");
  cmd->add_option("SRC", opts->source, "Source")->required();
  cmd->add_option("DEST", opts->destination, "Destination")->required();
  cmd->callback([&ctx, opts] {
    auto src = parse_location(opts->source), dst = parse_location(opts->destination);
    if (src.container.empty() == dst.container.empty()) {
      throw InvalidArgumentError(src.container.empty()
                                     ? "must specify at least one container source"
                                     : "copying between containers is not supported");
    }
    // "-": a tar on stdout, or one read from stdin, as Docker streams them (no summary line).
    if (!src.container.empty() && dst.path == "-") {
      ctx.engine().with_rootfs(src.container, [&](const auto& rootfs, const auto& request) {
        refuse_mounted_paths(request, src.path);
        runtime::archive_from_container(rootfs, src.path, STDOUT_FILENO, opts->follow);
      });
      return;
    }
    if (src.path == "-" && !dst.container.empty()) {
      ctx.engine().with_rootfs(dst.container, [&](const auto& rootfs, const auto& request) {
        refuse_mounted_paths(request, dst.path);
        runtime::extract_to_container(STDIN_FILENO, rootfs, dst.path,
                                      dst.container + ":" + dst.path, opts->archive);
      });
      return;
    }
    uint64_t bytes = 0;
    std::string where;
    if (!src.container.empty()) {
      ctx.engine().with_rootfs(src.container, [&](const auto& rootfs, const auto& request) {
        refuse_mounted_paths(request, src.path);
        bytes = runtime::copy_from_container(rootfs, src.path, dst.path, opts->follow);
      });
      where = dst.path;
    } else {
      ctx.engine().with_rootfs(dst.container, [&](const auto& rootfs, const auto& request) {
        refuse_mounted_paths(request, dst.path);
        // -a is about what is copied in: what comes out belongs to the caller, as in Docker.
        bytes = runtime::copy_to_container(src.path, rootfs, dst.path, opts->archive, opts->follow);
      });
      where = dst.container + ":" + dst.path;
    }
    if (!opts->quiet)
      std::cerr << "Successfully copied " << human_size(static_cast<double>(bytes)) << " to "
                << where << "\n";
  });
  return cmd;
}

}  // namespace berth::cli
