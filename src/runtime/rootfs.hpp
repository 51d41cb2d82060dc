#pragma once
// A container's root filesystem: overlayfs with the image's layer snapshots as lower dirs (top
// layer first) and the container's own upper and work dirs, mounted at <dir>/merged.
#include <filesystem>
#include <vector>

namespace berth::runtime {

struct RootfsLayout {
  std::filesystem::path upper, work, merged;
  static RootfsLayout in(const std::filesystem::path& container_dir);
};

// `lower_dirs` bottom layer first (image order). An image without layers gets an empty lower.
// disposable: the upper dir is thrown away with the container (--rm), so overlayfs may skip
// syncing it ("volatile"), which makes the unmount at exit immediate instead of a journal
// commit.
void mount_rootfs(const RootfsLayout& layout, const std::vector<std::filesystem::path>& lower_dirs,
                  bool disposable = false);
// Unmounts (lazily if busy); no error if not mounted.
void unmount_rootfs(const RootfsLayout& layout);
bool is_mounted(const std::filesystem::path& path);
// Detaches every mount at or below `dir`, deepest first: what a process killed with -9 left
// mounted (a build step's overlay) must not stop the directory's removal.
void unmount_all_under(const std::filesystem::path& dir);

}  // namespace berth::runtime
