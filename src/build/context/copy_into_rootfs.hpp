#pragma once
// Writes resolved COPY/ADD sources into the rootfs snapshot of the stage being built, with
// Docker's rules: the destination is relative to WORKDIR; it is a directory when it ends in
// '/' (or is "."), when there are several sources, or when it already is one; a directory
// source copies its contents; missing parents are created 0755, owned by the --chown target
// (else root); everything copied is owned by --chown or 0:0 (COPY resets ownership), gets
// --chmod or keeps its mode, keeps its mtime; symlinks inside copied trees stay symlinks and
// hardlinks stay hardlinks. Every write is resolved with openat2(RESOLVE_IN_ROOT), so a
// symlink in the image cannot redirect it out of the rootfs.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "build/context/build_context.hpp"
#include "build/context/copy_source.hpp"
#include "build/context/ownership.hpp"
#include "image/layer/tar_policy.hpp"

namespace berth::build {

struct CopyDestination {
  std::filesystem::path rootfs;  // the rootfs directory being built (the container's "/")
  std::string workdir = "/";     // the stage's WORKDIR, absolute
  std::string path;              // the destination as written: "/app/", "dir", "."
};

struct CopyOptions {
  std::optional<Ownership> chown;  // resolved --chown (see resolve_chown_in_rootfs)
  std::optional<uint32_t> chmod;   // parsed --chmod (see parse_chmod)
  // ADD: a local source that is a tar archive (by content) is extracted into the destination
  // directory instead of copied; archive entries keep their owners unless --chown is given.
  bool unpack_archives = false;
  image::TarLimits archive_limits = image::kArchiveLimits;
  bool privileged = (::geteuid() == 0);  // device nodes in ADD archives: created or skipped
  // Applies an owner to a written entry, never following a symlink. Empty: fchownat when
  // privileged, nothing otherwise (rootless: files stay the caller's). Tests record here.
  std::function<void(int dir_fd, const char* name, Ownership)> set_owner;
};

struct CopyStats {
  uint64_t files = 0;
  uint64_t directories = 0;
  uint64_t symlinks = 0;
  uint64_t hardlinks = 0;
  uint64_t archives = 0;  // ADD archives extracted
  uint64_t bytes = 0;
};

// Throws InvalidArgumentError for an impossible destination ("cannot overwrite directory …"),
// NotFoundError when a source vanished, berth::Error on I/O failures.
CopyStats copy_into_rootfs(const BuildContext& context, const std::vector<CopySource>& sources,
                           const CopyDestination& destination, const CopyOptions& options = {});

// The destination directory as a clean rootfs-relative path, and whether Docker's syntax
// makes it a directory ("/app/", ".", "x/."), before looking at the rootfs.
struct DestinationPath {
  std::string relative;  // "" is the rootfs root
  bool directory_syntax = false;
};
DestinationPath destination_path(const std::string& workdir, const std::string& path);

}  // namespace berth::build
