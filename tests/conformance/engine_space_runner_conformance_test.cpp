// The SpaceRunner conformance suite against EngineSpaceRunner over a real engine on a
// temporary root: real containers of a busybox image, on real bridge networks, as root.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "conformance/space_runner_suite.hpp"
#include "spaces/local/engine_space_runner.hpp"
#include "support/temporary_engine.hpp"

namespace berth::spaces {
namespace engine_space_runner_conformance_test {

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

// The engine runner answers alive() from a watch of the shim (instance_liveness.hpp) once it
// has read the instance's record: an exit after that is still seen.
TEST(EngineSpaceRunner, AliveSeesAnExitAfterTheRecordWasRead) {
  auto harness = engine_harness();
  if (!harness) GTEST_SKIP() << "no engine here";
  auto& runner = harness->runner();
  runner.ensure_network("berth-alive-watch", "conformance/watch", false);
  SpaceRunRequest r;
  r.space_id = "conformance/watch";
  r.image = harness->image("sleep 1; exit 3");
  r.instance_name = "conformance-watch-" + std::to_string(::getpid());
  r.network = "berth-alive-watch";
  runner.start(r);
  ASSERT_EQ(runner.status(r.instance_name).state, InstanceStatus::State::kRunning);
  EXPECT_TRUE(runner.alive(r.instance_name));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (runner.alive(r.instance_name) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(runner.alive(r.instance_name));
  auto status = runner.status(r.instance_name);
  EXPECT_EQ(status.state, InstanceStatus::State::kExited);
  EXPECT_EQ(status.exit_code, 3);
  runner.remove(r.instance_name);
  runner.remove_network("berth-alive-watch");
}

}  // namespace engine_space_runner_conformance_test
}  // namespace berth::spaces
