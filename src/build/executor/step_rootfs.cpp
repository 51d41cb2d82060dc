#include "build/executor/step_rootfs.hpp"

#include <cstdio>

#include "runtime/rootfs.hpp"

namespace berth::build {

StepRootfs::StepRootfs(image::ImageStore& images, const std::filesystem::path& scratch_parent,
                       const std::vector<image::ImageLayer>& layers)
    : scratch_((ensure_directory(scratch_parent, 0700), scratch_parent), "step-") {
  std::vector<std::filesystem::path> lowers;
  for (const auto& l : layers) lowers.push_back(images.snapshots().path(l.layer.chain_id));
  // The upper dir is read into a layer blob before the unmount, so it needs no syncing.
  runtime::mount_rootfs(runtime::RootfsLayout::in(scratch_.path()), lowers, true);
}

StepRootfs::~StepRootfs() {
  try {
    runtime::unmount_rootfs(runtime::RootfsLayout::in(scratch_.path()));
  } catch (const std::exception& e) {
    // A destructor cannot throw; say so, the scratch removal below still runs.
    std::fprintf(stderr, "warning: %s\n", e.what());
  }
}

bool StepRootfs::changed() const {
  return !std::filesystem::is_empty(upper());
}

}  // namespace berth::build
