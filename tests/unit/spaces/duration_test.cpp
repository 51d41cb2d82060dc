#include "spaces/duration.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace berth::spaces {
namespace {

using std::chrono::seconds;

std::optional<long long> secs(std::string_view text) {
  auto parsed = parse_duration(text);
  if (auto* d = std::get_if<seconds>(&parsed)) return d->count();
  return std::nullopt;
}

DurationError error_of(std::string_view text) {
  return std::get<DurationError>(parse_duration(text));
}

TEST(Duration, ParsesUnitsAndSums) {
  EXPECT_EQ(secs("90s"), 90);
  EXPECT_EQ(secs("30m"), 1800);
  EXPECT_EQ(secs("1h"), 3600);
  EXPECT_EQ(secs("1h30m"), 5400);
  EXPECT_EQ(secs("2d"), 172800);
  EXPECT_EQ(secs("1d2h3m4s"), 93784);
  EXPECT_EQ(secs("350m"), 21000);
  EXPECT_EQ(secs("10000h"), 36000000);
  EXPECT_EQ(secs("0h5m"), 300);
  EXPECT_EQ(secs("007m"), 420);
}

TEST(Duration, RefusesWhatIsNotGroupsOfDigitsAndUnit) {
  for (const char* bad : {"", "30", "m", "1.5h", "-1h", "+1h", "1 h", "1h 30m", " 1h", "1H",
                          "1hour", "1ms", "h1", "1h30", "30min", "soon"}) {
    EXPECT_EQ(error_of(bad), DurationError::kMalformed) << bad;
  }
}

TEST(Duration, RefusesZeroAndOverflow) {
  EXPECT_EQ(error_of("0s"), DurationError::kZero);
  EXPECT_EQ(error_of("0h0m"), DurationError::kZero);
  EXPECT_EQ(error_of("20000000000000m"), DurationError::kTooLong);
  EXPECT_EQ(error_of("99999999999999999999999999h"), DurationError::kTooLong);
  EXPECT_EQ(error_of("596524h"), DurationError::kTooLong);
  EXPECT_EQ(secs("2147483647s"), 2147483647);
  EXPECT_EQ(error_of("2147483647s1s"), DurationError::kTooLong);
}

TEST(Duration, FormatsShortestForm) {
  EXPECT_EQ(format_duration(seconds(1800)), "30m");
  EXPECT_EQ(format_duration(seconds(3600)), "1h");
  EXPECT_EQ(format_duration(seconds(5400)), "1h30m");
  EXPECT_EQ(format_duration(seconds(90)), "1m30s");
  EXPECT_EQ(format_duration(seconds(86400)), "24h");
  EXPECT_EQ(format_duration(seconds(3601)), "1h1s");
  EXPECT_EQ(format_duration(seconds(0)), "0s");
  for (long long s : {1LL, 59LL, 61LL, 3599LL, 93784LL, 2147483647LL}) {
    EXPECT_EQ(secs(format_duration(seconds(s))), s) << s;
  }
}

}  // namespace
}  // namespace berth::spaces
