// The SpaceRunner conformance suite against EngineSpaceRunner over a real engine on a
// temporary root: real containers of a busybox image, on real bridge networks, as root.
#include <gtest/gtest.h>

#include "conformance/space_runner_suite.hpp"
#include "spaces/local/engine_space_runner.hpp"
#include "support/temporary_engine.hpp"

namespace berth::spaces {
namespace {

class EngineHarness : public SpaceRunnerHarness {
 public:
  SpaceRunner& runner() override { return runner_; }
  std::string image(const std::string& script) override {
    auto tag = "localhost/conformance/app:" + std::to_string(++images_);
    engine_.add_script_image(tag, script);
    return tag;
  }

 private:
  test_support::TemporaryEngine engine_;
  EngineSpaceRunner runner_{engine_.config()};
  int images_ = 0;
};

std::unique_ptr<SpaceRunnerHarness> engine_harness() {
  if (auto why = test_support::TemporaryEngine::cannot_run()) {
    std::cerr << "EngineSpaceRunner: " << *why << "\n";
    return nullptr;  // the suite skips
  }
  return std::make_unique<EngineHarness>();
}

BERTH_SPACE_RUNNER_CONFORMANCE(Engine, (SpaceRunnerImplementation{"engine", engine_harness}));

}  // namespace
}  // namespace berth::spaces
