#include "fakes/runtime/fake_rootfs_mounter.hpp"

#include "base/fs.hpp"

namespace berth::runtime {

void FakeRootfsMounter::mount(const RootfsLayout& layout, const std::vector<std::filesystem::path>&,
                              bool) {
  std::lock_guard lock(mutex_);
  // What is written to the merged dir is the upper dir's: one directory, seen by two names.
  // The lower dirs are not shown.
  ensure_directory(layout.work, 0700);
  ensure_directory(layout.merged, 0755);
  std::error_code ec;
  if (!std::filesystem::exists(layout.upper, ec)) {
    std::filesystem::create_directory_symlink(layout.merged, layout.upper);
  }
  mounted_.insert(layout.merged);
}

void FakeRootfsMounter::unmount(const RootfsLayout& layout) {
  std::lock_guard lock(mutex_);
  mounted_.erase(layout.merged);
}

bool FakeRootfsMounter::is_mounted(const std::filesystem::path& merged) {
  std::lock_guard lock(mutex_);
  return mounted_.count(merged) > 0;
}

size_t FakeRootfsMounter::mounted_count() const {
  std::lock_guard lock(mutex_);
  return mounted_.size();
}

}  // namespace berth::runtime
