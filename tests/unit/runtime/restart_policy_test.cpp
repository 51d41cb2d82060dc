#include "runtime/restart_policy.hpp"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

ContainerRecord exited(int exit_code, int restart_count = 0) {
  ContainerRecord c;
  c.exit_code = exit_code;
  c.restart_count = restart_count;
  return c;
}

TEST(RestartPolicyTest, NoNeverRestarts) {
  EXPECT_FALSE(should_restart(RestartPolicy{"no", 0}, exited(1), false));
}

TEST(RestartPolicyTest, AlwaysAndUnlessStoppedRestartUnlessTheUserStoppedIt) {
  EXPECT_TRUE(should_restart(RestartPolicy{"always", 0}, exited(0), false));
  EXPECT_TRUE(should_restart(RestartPolicy{"unless-stopped", 0}, exited(0), false));
  EXPECT_FALSE(should_restart(RestartPolicy{"always", 0}, exited(0), true));
  EXPECT_FALSE(should_restart(RestartPolicy{"unless-stopped", 0}, exited(1), true));
}

TEST(RestartPolicyTest, OnFailureRestartsAFailureUpToItsMaximum) {
  RestartPolicy policy{"on-failure", 3};
  EXPECT_FALSE(should_restart(policy, exited(0), false));
  EXPECT_TRUE(should_restart(policy, exited(2, 2), false));
  EXPECT_FALSE(should_restart(policy, exited(2, 3), false));
  EXPECT_TRUE(should_restart(RestartPolicy{"on-failure", 0}, exited(2, 100), false));
}

TEST(RestartPolicyTest, TheBackOffDoublesFrom100MsUpToAMinute) {
  using std::chrono::milliseconds;
  EXPECT_EQ(restart_delay(exited(1, 0)), milliseconds(100));
  EXPECT_EQ(restart_delay(exited(1, 1)), milliseconds(200));
  EXPECT_EQ(restart_delay(exited(1, 4)), milliseconds(1600));
  EXPECT_EQ(restart_delay(exited(1, 10)), milliseconds(60000));  // 102.4 s, capped
  EXPECT_EQ(restart_delay(exited(1, 50)), milliseconds(60000));
}

TEST(RestartPolicyTest, TheBackOffStartsOverAfterARunOfMoreThanTenSeconds) {
  auto c = exited(1, 6);
  c.started_at = "2024-01-01T00:00:00Z";
  c.finished_at = "2024-01-01T00:00:11Z";
  EXPECT_EQ(restart_delay(c), std::chrono::milliseconds(100));
  c.finished_at = "2024-01-01T00:00:05Z";
  EXPECT_EQ(restart_delay(c), std::chrono::milliseconds(6400));
}

}  // namespace
}  // namespace berth::runtime
