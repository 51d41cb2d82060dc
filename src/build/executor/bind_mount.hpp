#pragma once
// RUN --mount=type=bind: a path of the build context, or of another stage or an image
// (from=), bound at the target; read-only unless rw, and then what the RUN writes there is
// thrown away afterwards (BuildKit's behaviour).
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "build/executor/run_mount_preparer.hpp"
#include "build/executor/step_rootfs.hpp"

namespace berth::build {

class WritableBind;

class BindMountPreparer : public RunMountPreparer {
 public:
  // The filesystem from= names (a stage or an image), mounted for as long as it is returned.
  using MountFrom = std::function<std::unique_ptr<StepRootfs>(const std::string& from)>;

  // `context_root`: where sources without from= resolve; `scratch`: for writable copies.
  BindMountPreparer(std::filesystem::path context_root, std::filesystem::path scratch,
                    MountFrom mount_from);
  ~BindMountPreparer() override;
  void prepare(const RunMount& mount, RunStep& step) override;

 private:
  std::filesystem::path context_root_;
  std::filesystem::path scratch_;
  MountFrom mount_from_;
  std::vector<std::unique_ptr<StepRootfs>> mounted_stages_;
  // After mounted_stages_, so a writable bind over a stage is unmounted before the stage.
  std::vector<std::unique_ptr<WritableBind>> writable_binds_;
};

}  // namespace berth::build
