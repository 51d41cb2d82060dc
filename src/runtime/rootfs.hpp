#pragma once
// A container's root filesystem: overlayfs with the image's layer snapshots as lower dirs (top
// layer first) and the container's own upper and work dirs, mounted at <dir>/merged.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "base/capped_filesystem.hpp"

namespace berth::runtime {

struct RootfsLayout {
  std::filesystem::path upper, work, merged;
  // With a size cap (`--storage-opt size=`) the upper and work dirs live on a capped
  // filesystem (base/capped_filesystem.hpp) at <dir>/rw, from the image <dir>/rw.img.
  std::optional<CappedFilesystem> capped;
  // size_cap_bytes 0: no cap, upper and work straight in the container's directory.
  static RootfsLayout in(const std::filesystem::path& container_dir, int64_t size_cap_bytes = 0);
};

// `lower_dirs` bottom layer first (image order). An image without layers gets an empty lower.
// disposable: the upper dir is thrown away with the container (--rm), so overlayfs may skip
// syncing it ("volatile"), which makes the unmount at exit immediate instead of a journal
// commit.
void mount_rootfs(const RootfsLayout& layout, const std::vector<std::filesystem::path>& lower_dirs,
                  bool disposable = false);
// Unmounts (lazily if busy), the capped filesystem too; no error if not mounted.
void unmount_rootfs(const RootfsLayout& layout);
bool is_mounted(const std::filesystem::path& path);
// Detaches every mount at or below `dir`, deepest first: what a process killed with -9 left
// mounted (a build step's overlay) must not stop the directory's removal.
void unmount_all_under(const std::filesystem::path& dir);

}  // namespace berth::runtime
