#include "build/executor/stage_scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

#include "base/error.hpp"

namespace berth::build {
namespace {

// Stages 0..3 where 2 uses 0 and 1, and 3 (the target) uses 2; what each stage was built after.
class StageSchedulerTest : public ::testing::Test {
 protected:
  StageScheduler scheduler(std::map<size_t, std::set<size_t>> graph) {
    return StageScheduler(
        dockerfile, [graph](size_t i) { return graph.count(i) ? graph.at(i) : std::set<size_t>{}; },
        [this](size_t i) {
          std::lock_guard lock(mu);
          order.push_back(i);
          StageState s;
          s.key = Digest::sha256_of("stage " + std::to_string(i));
          ++builds;
          return s;
        });
  }
  size_t position(size_t stage) const {
    return std::find(order.begin(), order.end(), stage) - order.begin();
  }

  Dockerfile dockerfile = parse_dockerfile(
      "FROM scratch AS a\nFROM scratch AS b\nFROM scratch AS c\nFROM scratch AS d\n", "Dockerfile");
  std::mutex mu;
  std::vector<size_t> order;
  std::atomic<int> builds = 0;
};

TEST_F(StageSchedulerTest, BuildsEachNeededStageOnceAfterTheStagesItUses) {
  auto s = scheduler({{2, {0, 1}}, {3, {2}}});
  s.build_dependencies(3);
  ASSERT_EQ(order.size(), 3u);  // the target is left to the caller
  EXPECT_LT(position(0), position(2));
  EXPECT_LT(position(1), position(2));
  EXPECT_EQ(s.stage(3).key, Digest::sha256_of("stage 3"));
  EXPECT_EQ(s.stage(2).key, Digest::sha256_of("stage 2"));  // remembered, not built again
  EXPECT_EQ(builds, 4);
}

TEST_F(StageSchedulerTest, LeavesOutTheStagesTheTargetDoesNotNeed) {
  auto s = scheduler({{2, {0}}, {3, {1}}});
  s.build_dependencies(2);
  EXPECT_EQ(order, std::vector<size_t>{0});
}

TEST_F(StageSchedulerTest, ACycleIsReportedWithTheStagesName) {
  auto s = scheduler({{0, {1}}, {1, {0}}, {2, {1}}});
  try {
    s.build_dependencies(2);
    FAIL() << "no error";
  } catch (const SourceError& e) {
    EXPECT_NE(std::string(e.what()).find("circular dependency detected on stage: a"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(order.empty());
}

TEST_F(StageSchedulerTest, AFailedStageFailsTheWaveAndCanBeAskedForAgain) {
  int attempts = 0;
  StageScheduler s(
      dockerfile, [](size_t i) { return i == 1 ? std::set<size_t>{0} : std::set<size_t>{}; },
      [&](size_t) -> StageState {
        if (++attempts == 1) throw Error("step failed");
        return {};
      });
  EXPECT_THROW(s.build_dependencies(1), Error);
  EXPECT_NO_THROW(s.stage(0));  // nothing is left marked as being built
  EXPECT_EQ(attempts, 2);
}

}  // namespace
}  // namespace berth::build
