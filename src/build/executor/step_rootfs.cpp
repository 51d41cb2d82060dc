#include "build/executor/step_rootfs.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "base/error.hpp"
#include "runtime/rootfs.hpp"

namespace berth::build {
namespace {

constexpr const char* kLockFile = "lock";

UniqueFd open_lock(const std::filesystem::path& step_dir, int flags) {
  return UniqueFd(::open((step_dir / kLockFile).c_str(), flags | O_RDWR | O_CLOEXEC, 0600));
}

}  // namespace

void remove_abandoned_steps(const std::filesystem::path& scratch_parent) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(scratch_parent, ec)) {
    if (!entry.path().filename().string().starts_with("step-")) continue;
    UniqueFd lock = open_lock(entry.path(), 0);
    if (lock.get() < 0) {
      // No lock yet: a step being made right now, unless it is older than any such moment.
      auto age = std::filesystem::file_time_type::clock::now() -
                 std::filesystem::last_write_time(entry.path(), ec);
      if (ec || age < std::chrono::minutes(1)) continue;
    } else if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
      continue;  // a live build's
    }
    try {
      runtime::unmount_all_under(entry.path());
      std::filesystem::remove_all(entry.path());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: remove the abandoned build step %s: %s\n",
                   entry.path().c_str(), e.what());
    }
  }
}

StepRootfs::StepRootfs(image::ImageStore& images, const std::filesystem::path& scratch_parent,
                       const std::vector<image::ImageLayer>& layers,
                       runtime::RootfsMounter& mounter)
    : scratch_((ensure_directory(scratch_parent, 0700), scratch_parent), "step-"),
      mounter_(mounter),
      lock_(open_lock(scratch_.path(), O_CREAT)) {
  if (lock_.get() < 0 || ::flock(lock_.get(), LOCK_EX) != 0) {
    throw_errno("lock build step " + scratch_.path().string());
  }
  std::vector<std::filesystem::path> lowers;
  for (const auto& l : layers) lowers.push_back(images.snapshots().path(l.layer.chain_id));
  // The upper dir is read into a layer blob before the unmount, so it needs no syncing.
  mounter_.mount(runtime::RootfsLayout::in(scratch_.path()), lowers, true);
}

StepRootfs::~StepRootfs() {
  try {
    mounter_.unmount(runtime::RootfsLayout::in(scratch_.path()));
  } catch (const std::exception& e) {
    // A destructor cannot throw; say so, the scratch removal below still runs.
    std::fprintf(stderr, "warning: %s\n", e.what());
  }
}

bool StepRootfs::changed() const {
  return !std::filesystem::is_empty(upper());
}

}  // namespace berth::build
