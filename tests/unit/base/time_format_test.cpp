#include "base/time_format.hpp"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(Rfc3339, RoundTripsNanoseconds) {
  auto t = parse_rfc3339("2024-05-01T12:34:56.123456789Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339_nano(*t), "2024-05-01T12:34:56.123456789Z");
}

TEST(Rfc3339, TrimsTrailingZerosLikeGo) {
  auto t = parse_rfc3339("2024-01-01T00:00:00.500Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339_nano(*t), "2024-01-01T00:00:00.5Z");
  EXPECT_EQ(format_rfc3339_nano(*parse_rfc3339("2024-01-01T00:00:00Z")), "2024-01-01T00:00:00Z");
}

TEST(Rfc3339, AppliesOffsets) {
  auto t = parse_rfc3339("2024-01-01T02:00:00+02:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339_nano(*t), "2024-01-01T00:00:00Z");
}

TEST(Rfc3339, RejectsMalformed) {
  EXPECT_FALSE(parse_rfc3339("2024-01-01"));
  EXPECT_FALSE(parse_rfc3339("2024-01-01T00:00:00"));
  EXPECT_FALSE(parse_rfc3339("2024-01-01T00:00:00Zjunk"));
}

}  // namespace
}  // namespace berth
