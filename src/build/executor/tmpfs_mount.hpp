#pragma once
// RUN --mount=type=tmpfs: a fresh tmpfs at the target, of size= bytes when given.
#include "build/executor/run_mount_preparer.hpp"

namespace berth::build {

class TmpfsMountPreparer : public RunMountPreparer {
 public:
  void prepare(const RunMount& mount, RunStep& step) override;
};

}  // namespace berth::build
