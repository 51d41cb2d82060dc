#pragma once
// RUN --mount=type=cache: a directory that outlives the build, one per cache id in the build's
// scope (each Space has its own), shared between RUNs as sharing= says: shared (any number at
// once), locked (one at a time, the others wait) or private (a RUN that finds it in use gets a
// fresh one of its own).
#include <filesystem>
#include <list>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "build/executor/run_mount_preparer.hpp"

namespace berth::build {

class CacheMountPreparer : public RunMountPreparer {
 public:
  // `root`: Berth's root (the cache dirs live below it); `scratch`: where private copies go.
  CacheMountPreparer(std::filesystem::path root, std::string scope, std::filesystem::path scratch);
  void prepare(const RunMount& mount, RunStep& step) override;

 private:
  std::filesystem::path root_;
  std::string scope_;
  std::filesystem::path scratch_;
  std::vector<UniqueFd> locks_;  // flock'ed until the RUN ends (the kernel drops them if we die)
  std::list<TempDir> private_caches_;  // sharing=private when the cache was busy
};

}  // namespace berth::build
