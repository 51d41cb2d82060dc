#include "build/executor/tmpfs_mount.hpp"

#include "build/executor/stage_state.hpp"

namespace berth::build {

void TmpfsMountPreparer::prepare(const RunMount& m, RunStep& r) {
  std::vector<std::string> opts;
  if (m.size) opts.push_back("size=" + std::to_string(*m.size));
  r.mounts.push_back({"tmpfs", "", resolve_workdir(r.workdir, m.target), false, opts});
}

}  // namespace berth::build
