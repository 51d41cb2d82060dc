#pragma once
// A build's view of the build cache: a step's resulting stage state stored under its key (in
// the build's scope) and restored from it, and a step's changes committed as a layer.
#include <optional>
#include <string>

#include "build/executor/build_cache.hpp"
#include "build/executor/stage_state.hpp"
#include "build/executor/step_rootfs.hpp"
#include "image/image_store.hpp"

namespace berth::build {

class StepCache {
 public:
  // `scope`: the build's cache scope (cache_scope.hpp); `no_cache`: nothing is restored, but
  // every step is still stored (as `docker build --no-cache` does).
  StepCache(image::ImageStore& images, std::string scope, bool no_cache);

  // The state `key` names, on top of `current` (its ARGs and stage); nullopt when missing,
  // when caching is off, or when its layers are gone.
  std::optional<StageState> find(const Digest& key, const StageState& current);
  // Records `s` under its key.
  void store(const StageState& s);
  // The step's upper dir becomes a layer on top of the state's layers (none when the step
  // changed nothing), with its history entry.
  void commit_layer(StageState& s, const StepRootfs& rootfs, const std::string& created_by);

 private:
  image::ImageStore& images_;
  BuildCache cache_;
  std::string scope_;
  bool no_cache_;
};

}  // namespace berth::build
