#pragma once
// How the engine mounts and unmounts a container's root filesystem. The real one is the
// overlay mount of runtime/rootfs.hpp (root only); a fake (tests) makes the merged dir a
// plain directory, so the engine runs without root.
#include <filesystem>
#include <vector>

#include "runtime/rootfs.hpp"

namespace berth::runtime {

class RootfsMounter {
 public:
  virtual ~RootfsMounter() = default;
  // `lower_dirs` bottom layer first. disposable: the upper dir goes with the container.
  virtual void mount(const RootfsLayout& layout, const std::vector<std::filesystem::path>& lowers,
                     bool disposable) = 0;
  // No error when not mounted.
  virtual void unmount(const RootfsLayout& layout) = 0;
  virtual bool is_mounted(const std::filesystem::path& merged) = 0;
};

// The real one: overlayfs (and the capped filesystem under it, with a size cap).
class OverlayMounter : public RootfsMounter {
 public:
  void mount(const RootfsLayout& layout, const std::vector<std::filesystem::path>& lowers,
             bool disposable) override {
    mount_rootfs(layout, lowers, disposable);
  }
  void unmount(const RootfsLayout& layout) override { unmount_rootfs(layout); }
  bool is_mounted(const std::filesystem::path& merged) override {
    return runtime::is_mounted(merged);
  }
};

}  // namespace berth::runtime
