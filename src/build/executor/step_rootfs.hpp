#pragma once
// A build step's filesystem: the stage's layers as overlayfs lower dirs under a fresh upper
// dir, mounted in a scratch directory that goes away with the object. What the step changes
// lands in upper(), which becomes the step's layer.
#include <filesystem>
#include <memory>
#include <vector>

#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "image/image_store.hpp"
#include "runtime/rootfs_mounter.hpp"

namespace berth::build {

class StepRootfs {
 public:
  StepRootfs(image::ImageStore& images, const std::filesystem::path& scratch_parent,
             const std::vector<image::ImageLayer>& layers, runtime::RootfsMounter& mounter);
  StepRootfs(const StepRootfs&) = delete;
  StepRootfs& operator=(const StepRootfs&) = delete;
  ~StepRootfs();

  const std::filesystem::path& dir() const { return scratch_.path(); }  // for bundle files
  std::filesystem::path merged() const { return scratch_.path() / "merged"; }
  std::filesystem::path upper() const { return scratch_.path() / "upper"; }
  // Whether the step changed anything (upper is not empty).
  bool changed() const;

 private:
  TempDir scratch_;
  runtime::RootfsMounter& mounter_;
  UniqueFd lock_;  // flock'ed while the step lives: how a sweep tells a live step from debris
};

// Unmounts and removes the step directories under `scratch_parent` that no live build holds:
// what a build killed with -9 left behind.
void remove_abandoned_steps(const std::filesystem::path& scratch_parent);

}  // namespace berth::build
