#include "server/http/query.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

TEST(Query, DecodesPairs) {
  auto q = parse_query("author=alice&search=hello%20world&limit=5&x=a+b&author=bob");
  EXPECT_EQ(q.at("author"), "alice");
  EXPECT_EQ(q.at("search"), "hello world");
  EXPECT_EQ(q.at("limit"), "5");
  EXPECT_EQ(q.at("x"), "a b");
}

TEST(Query, SkipsMalformedEscapes) {
  auto q = parse_query("a=%zz&b=%4&c=%41&=empty");
  EXPECT_EQ(q.count("a"), 0u);
  EXPECT_EQ(q.count("b"), 0u);
  EXPECT_EQ(q.at("c"), "A");
  EXPECT_EQ(q.size(), 1u);
  EXPECT_FALSE(percent_decode("%"));
}

}  // namespace
}  // namespace berth::server
