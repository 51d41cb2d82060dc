#pragma once
// Which stages a build builds, in what order, on which thread: only the stages the target
// needs, each once, each as soon as the stages it uses are done, independent ones in parallel.
// A stage asked for while another thread builds it is awaited, not built twice.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "build/dockerfile/dockerfile.hpp"
#include "build/executor/stage_state.hpp"

namespace berth::build {

// The earlier stages a stage uses (FROM, COPY --from, RUN --mount from=), its FROM expanded
// with the global ARGs.
std::set<size_t> stage_dependencies(const Dockerfile& dockerfile,
                                    const std::map<std::string, std::string>& global_args,
                                    size_t index);

class StageScheduler {
 public:
  using Dependencies = std::function<std::set<size_t>(size_t stage)>;
  using BuildStage = std::function<StageState(size_t stage)>;

  // `build` runs a stage's instructions; it may ask this scheduler for other stages.
  StageScheduler(const Dockerfile& dockerfile, Dependencies dependencies, BuildStage build);

  // Builds the stages `target` needs (not `target` itself), wave by wave, each wave's stages
  // in threads of their own. Throws the first failure of a wave, or SourceError on a cycle.
  void build_dependencies(size_t target);
  // The finished state of a stage: built now in this thread, or awaited from the thread that
  // builds it. SourceError when the stage needs itself.
  StageState stage(size_t index);

 private:
  [[noreturn]] void circular(size_t index) const;

  const Dockerfile& dockerfile_;
  Dependencies dependencies_;
  BuildStage build_;
  std::mutex mu_;
  std::condition_variable stage_done_;
  std::map<size_t, StageState> built_;          // finished stages
  std::map<size_t, std::thread::id> building_;  // stage -> the thread building it
};

}  // namespace berth::build
