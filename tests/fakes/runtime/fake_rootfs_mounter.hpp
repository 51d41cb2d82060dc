#pragma once
// A RootfsMounter that mounts nothing: the merged dir is a plain directory that the upper dir
// names too (what a step writes is its layer), the lower dirs are not shown, and the fake
// remembers what is "mounted", so a test sees whether the engine unmounted what it mounted.
#include <mutex>
#include <set>

#include "runtime/rootfs_mounter.hpp"

namespace berth::runtime {

class FakeRootfsMounter : public RootfsMounter {
 public:
  void mount(const RootfsLayout& layout, const std::vector<std::filesystem::path>& lowers,
             bool disposable) override;
  void unmount(const RootfsLayout& layout) override;
  bool is_mounted(const std::filesystem::path& merged) override;

  size_t mounted_count() const;

 private:
  mutable std::mutex mutex_;
  std::set<std::filesystem::path> mounted_;
};

}  // namespace berth::runtime
