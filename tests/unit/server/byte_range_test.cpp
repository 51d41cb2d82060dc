#include "server/byte_range.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

using Kind = RangeRequest::Kind;

TEST(ByteRange, SingleRanges) {
  auto r = parse_range("bytes=0-99", 1000);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.range.first, 0u);
  EXPECT_EQ(r.range.last, 99u);
  EXPECT_EQ(r.range.length(), 100u);
  r = parse_range("bytes=500-", 1000);  // huggingface_hub's resume
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.range.first, 500u);
  EXPECT_EQ(r.range.last, 999u);
  r = parse_range("bytes=900-5000", 1000);  // clamped to the end
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.range.last, 999u);
  r = parse_range("bytes=-10", 1000);  // the last 10 bytes
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.range.first, 990u);
  r = parse_range("bytes=-5000", 1000);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.range.first, 0u);
  EXPECT_EQ(parse_range("Bytes=1-2", 10).kind, Kind::kPartial);
}

TEST(ByteRange, Unsatisfiable) {
  EXPECT_EQ(parse_range("bytes=1000-", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=5000-6000", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRange, IgnoredHeadersGiveTheWholeFile) {
  for (std::string_view header :
       {"", "items=0-1", "bytes=", "bytes=-", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-6",
        "bytes=1-2-3", "bytes=99999999999999999999999-", "bytes=--1", "bytes=+1-2"}) {
    EXPECT_EQ(parse_range(header, 1000).kind, Kind::kWhole) << header;
  }
}

}  // namespace
}  // namespace berth::server
