#include "base/base64.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace berth {
namespace {

TEST(Base64, RoundTripsEveryPaddingLength) {
  for (const std::string& text :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    auto back = decode_base64(encode_base64(text));
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, text);
  }
  EXPECT_EQ(encode_base64("alice:s3cret"), "YWxpY2U6czNjcmV0");
}

TEST(Base64, RefusesWhatIsNotBase64) {
  EXPECT_FALSE(decode_base64("abc"));
  EXPECT_FALSE(decode_base64("ab!d"));
}

}  // namespace
}  // namespace berth
