#pragma once
// One RUN --mount type's preparation (bind_mount, cache_mount, secret_mount, tmpfs_mount): it
// adds the mount (and whatever else the type gives, like a secret's environment variable) to
// the step, and holds what the mount needs (locks, scratch dirs, mounted stages) until it is
// destroyed, once the RUN has ended. One preparer serves all the mounts of its type in a RUN.
#include "build/dockerfile/run_mount.hpp"
#include "build/executor/run_step.hpp"

namespace berth::build {

class RunMountPreparer {
 public:
  virtual ~RunMountPreparer() = default;
  virtual void prepare(const RunMount& mount, RunStep& step) = 0;
};

}  // namespace berth::build
