#include "base/human_format.hpp"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(HumanSize, MatchesDockerCli) {
  EXPECT_EQ(human_size(0), "0B");
  EXPECT_EQ(human_size(999), "999B");
  EXPECT_EQ(human_size(1000), "1kB");
  EXPECT_EQ(human_size(4261550), "4.26MB");
  EXPECT_EQ(human_size(1234567890), "1.23GB");
  EXPECT_EQ(human_size(872000), "872kB");
}

TEST(HumanDuration, MatchesGoUnits) {
  using std::chrono::seconds;
  EXPECT_EQ(human_duration(seconds(0)), "Less than a second");
  EXPECT_EQ(human_duration(seconds(1)), "1 second");
  EXPECT_EQ(human_duration(seconds(45)), "45 seconds");
  EXPECT_EQ(human_duration(seconds(60)), "About a minute");
  EXPECT_EQ(human_duration(seconds(47 * 60)), "47 minutes");
  EXPECT_EQ(human_duration(seconds(3600)), "About an hour");
  EXPECT_EQ(human_duration(seconds(5 * 3600)), "5 hours");
  EXPECT_EQ(human_duration(seconds(3 * 86400)), "3 days");
  EXPECT_EQ(human_duration(seconds(20 * 86400)), "2 weeks");
  EXPECT_EQ(human_duration(seconds(90 * 86400)), "3 months");
  EXPECT_EQ(human_duration(seconds(800 * 86400)), "2 years");
}

}  // namespace
}  // namespace berth
