#include "spaces/sleep_policy.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

SpaceRecord space_on(const std::string& hardware, std::optional<int64_t> sleep = std::nullopt) {
  SpaceRecord space;
  space.hardware = hardware;
  space.sleep_time_seconds = sleep;
  return space;
}

TEST(SleepPolicyTest, CpuBasicSleepsAfterTheDefaultOtherFlavorsNever) {
  SleepOptions options;
  EXPECT_EQ(sleep_time_of(space_on("cpu-basic"), options), hours(48));  // as on the Hub
  EXPECT_EQ(sleep_time_of(space_on("cpu-upgrade"), options), std::nullopt);
  EXPECT_EQ(sleep_time_of(space_on("t4-small"), options), std::nullopt);
  options.default_sleep = std::nullopt;  // serve --default-sleep never
  EXPECT_EQ(sleep_time_of(space_on("cpu-basic"), options), std::nullopt);
}

TEST(SleepPolicyTest, TheSpacesOwnSleepTimeWins) {
  SleepOptions options;
  EXPECT_EQ(sleep_time_of(space_on("cpu-basic", 300), options), seconds(300));
  EXPECT_EQ(sleep_time_of(space_on("cpu-upgrade", 300), options), seconds(300));
  EXPECT_EQ(sleep_time_of(space_on("cpu-basic", -1), options), std::nullopt);
}

TEST(SleepPolicyTest, SettingsAreNeverOrADuration) {
  EXPECT_EQ(parse_sleep_setting("never", "--default-sleep"), std::nullopt);
  EXPECT_EQ(parse_sleep_setting("1h30m", "--default-sleep"), seconds(5400));
  EXPECT_EQ(parse_sleep_setting("90s", "--freeze-ttl"), seconds(90));
  try {
    parse_sleep_setting("soon", "--freeze-ttl");
    FAIL() << "accepted \"soon\"";
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(),
                 "--freeze-ttl \"soon\": expected \"never\" or a duration such as 48h, 30m or 90s");
  }
  EXPECT_THROW(parse_sleep_setting("0s", "--freeze-ttl"), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::spaces
