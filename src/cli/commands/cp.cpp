// `berth cp CONTAINER:SRC DEST|-` and `berth cp SRC|- CONTAINER:DEST` ("-": a tar stream).
#include <unistd.h>

#include <iostream>

#include "base/error.hpp"
#include "base/human_format.hpp"
#include "cli/commands/command.hpp"
#include "runtime/container_copy.hpp"
#include "runtime/mounts_in_place.hpp"

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

// A tmpfs's content lives in the running container alone; a read-only mount, or a read-only
// rootfs outside any mount, takes no copy (Docker's words).
void check_mounted_path(const std::vector<runtime::MountRequest>& mounts, const std::string& path,
                        bool copying_in, bool read_only_rootfs) {
  const auto* m = runtime::mount_holding(mounts, path);
  if (!m) {
    if (copying_in && read_only_rootfs) throw Error("container rootfs is marked read-only");
    return;
  }
  if (m->type == "tmpfs") {
    throw Error("copying into or out of the tmpfs mounted at " + m->destination +
                " is not supported yet");
  }
  if (copying_in && m->read_only) throw Error("mounted volume is marked read-only");  // Docker's
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
    // The copy sees the container's volumes and binds where its processes do.
    auto& engine = ctx.engine();
    auto copy = [&](const Location& in_container, bool copying_in, auto&& work) {
      uint64_t bytes = 0;
      engine.with_rootfs(in_container.container, [&](const auto& rootfs, const auto& request) {
        auto mounts = engine.host_mounts(request);
        check_mounted_path(mounts, in_container.path, copying_in, request.read_only);
        bytes = runtime::with_mounts_in_place(rootfs, mounts, [&] { return work(rootfs); });
      });
      return bytes;
    };
    if (!src.container.empty() && dst.path == "-") {
      copy(src, false, [&](const auto& rootfs) {
        runtime::archive_from_container(rootfs, src.path, STDOUT_FILENO, opts->follow);
        return uint64_t{0};
      });
      return;
    }
    if (src.path == "-" && !dst.container.empty()) {
      copy(dst, true, [&](const auto& rootfs) {
        runtime::extract_to_container(STDIN_FILENO, rootfs, dst.path,
                                      dst.container + ":" + dst.path, opts->archive);
        return uint64_t{0};
      });
      return;
    }
    uint64_t bytes = 0;
    std::string where;
    if (!src.container.empty()) {
      bytes = copy(src, false, [&](const auto& rootfs) {
        return runtime::copy_from_container(rootfs, src.path, dst.path, opts->follow);
      });
      where = dst.path;
    } else {
      bytes = copy(dst, true, [&](const auto& rootfs) {
        // -a is about what is copied in: what comes out belongs to the caller, as in Docker.
        return runtime::copy_to_container(src.path, rootfs, dst.path, opts->archive, opts->follow);
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
