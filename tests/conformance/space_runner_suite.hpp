#pragma once
// The SpaceRunner conformance suite: the same tests run against FakeSpaceRunner (unit_tests)
// and against EngineSpaceRunner over a real engine (conformance_tests, as root), so the fake
// the deploy pipeline's unit tests rely on behaves as the real runner does.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "spaces/space_runner.hpp"

namespace berth::spaces {

// What the suite needs of one implementation.
class SpaceRunnerHarness {
 public:
  virtual ~SpaceRunnerHarness() = default;
  virtual SpaceRunner& runner() = 0;
  // An image whose app runs `/bin/sh -c SCRIPT`; scripts use echo, exit and sleep.
  virtual std::string image(const std::string& script) = 0;
};

struct SpaceRunnerImplementation {
  std::string name;  // for the test names
  // nullptr when the implementation cannot run here (the suite skips).
  std::function<std::unique_ptr<SpaceRunnerHarness>()> make;
};

class SpaceRunnerConformance : public ::testing::TestWithParam<SpaceRunnerImplementation> {
 protected:
  void SetUp() override;
  SpaceRunner& runner() { return harness_->runner(); }
  // A name unique to this process and test: an instance's or a network's.
  std::string unique(const std::string& suffix) const;
  // A run request for a new instance of `script` on `network`.
  SpaceRunRequest request(const std::string& suffix, const std::string& script,
                          const std::string& network);
  // The instance's status once it is no longer running (or after a few seconds).
  InstanceStatus status_after_exit(const std::string& instance);

 private:
  std::unique_ptr<SpaceRunnerHarness> harness_;
};

// Instantiates the suite for `implementation`.
#define BERTH_SPACE_RUNNER_CONFORMANCE(prefix, implementation)                                \
  INSTANTIATE_TEST_SUITE_P(prefix, SpaceRunnerConformance, ::testing::Values(implementation), \
                           [](const auto& info) { return info.param.name; })

}  // namespace berth::spaces
