#include "base/go_parse_int.hpp"

#include <gtest/gtest.h>

namespace berth {
namespace {

using Failure = GoParsedInt::Failure;

TEST(GoParseInt, TakesAnOptionalSignThenDecimalDigits) {
  EXPECT_EQ(go_parse_int("42").value, 42);
  EXPECT_EQ(go_parse_int("+42").value, 42);
  EXPECT_EQ(go_parse_int("-42").value, -42);
  EXPECT_EQ(go_parse_int("007").value, 7);
  EXPECT_FALSE(go_parse_int("0").failure);
}

TEST(GoParseInt, RefusesWhatGoRefusesAsSyntax) {
  for (const char* text : {"", "+", "-", "+-1", "-+1", "--1", "++1", " 1", "1 ", "0x10", "1e3",
                           "1_000", "abc", "12a"}) {
    EXPECT_EQ(go_parse_int(text).failure, Failure::kSyntax) << text;
  }
}

TEST(GoParseInt, KnowsTheRangeOfEachWidth) {
  EXPECT_EQ(go_parse_int("9223372036854775807").value, INT64_MAX);
  EXPECT_EQ(go_parse_int("-9223372036854775808").value, INT64_MIN);
  EXPECT_EQ(go_parse_int("9223372036854775808").failure, Failure::kRange);
  EXPECT_EQ(go_parse_int("-9223372036854775809").failure, Failure::kRange);
  EXPECT_EQ(go_parse_int("99999999999999999999999").failure, Failure::kRange);
  EXPECT_EQ(go_parse_int("2147483647", 32).value, 2147483647);
  EXPECT_EQ(go_parse_int("-2147483648", 32).value, -2147483648LL);
  EXPECT_EQ(go_parse_int("2147483648", 32).failure, Failure::kRange);
}

TEST(GoParseInt, SaysWhatGoSays) {
  EXPECT_EQ(go_parse_int("x\"y").message(), "strconv.ParseInt: parsing \"x\\\"y\": invalid syntax");
  EXPECT_EQ(go_parse_int("2147483648", 32).message(),
            "strconv.ParseInt: parsing \"2147483648\": value out of range");
  EXPECT_EQ(go_parse_int("5").message(), "");
}

}  // namespace
}  // namespace berth
