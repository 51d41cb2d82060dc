#pragma once
// What COPY --from and RUN --mount from= read: another stage's filesystem or an image's. The
// coordinator (builder.cpp) implements it; the steps that read other stages take this seam.
#include <memory>

#include "base/digest.hpp"
#include "build/dockerfile/dockerfile.hpp"
#include "build/executor/step_rootfs.hpp"

namespace berth::build {

class StageSources {
 public:
  virtual ~StageSources() = default;
  // The stage's (built first when needed) or the image's filesystem, mounted for as long as
  // the result lives. `inst` is where errors point.
  virtual std::unique_ptr<StepRootfs> mount(const SourceRef& ref, const Instruction& inst) = 0;
  // What identifies the source's content in a cache key: a stage's key, an image's ID.
  virtual Digest identity(const SourceRef& ref, const SourceLocation& where) = 0;
};

}  // namespace berth::build
