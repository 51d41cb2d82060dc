#include "server/url_path.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

TEST(UrlPath, DecodesOnce) {
  EXPECT_EQ(decode_url_path("sub%2Fdir/a%20b.txt"), "sub/dir/a b.txt");
  EXPECT_EQ(decode_url_path("a+b"), "a+b");            // a path's '+' is a '+'
  EXPECT_EQ(decode_url_path("%252e%252e"), "%2e%2e");  // not decoded twice
  EXPECT_EQ(decode_url_path("%2e%2E"), "..");          // for the path checks to refuse
  EXPECT_EQ(decode_url_path("x%00y"), std::string("x\0y", 3));
  EXPECT_EQ(decode_url_path(""), "");
}

TEST(UrlPath, MalformedEscapes) {
  for (std::string_view text : {"%", "%4", "a%zz", "%g0", "abc%"}) {
    EXPECT_EQ(decode_url_path(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace berth::server
