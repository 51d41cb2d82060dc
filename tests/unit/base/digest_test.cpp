#include "base/digest.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth {
namespace {

TEST(Digest, Sha256OfEmptyStringMatchesKnownValue) {
  EXPECT_EQ(Digest::sha256_of("").str(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, StreamingEqualsOneShot) {
  Sha256 h;
  h.update("hello ");
  h.update("world");
  EXPECT_EQ(h.finish(), Digest::sha256_of("hello world"));
}

TEST(Digest, ParseRejectsBadInput) {
  EXPECT_THROW(Digest::parse("sha256:abc"), InvalidArgumentError);
  EXPECT_THROW(Digest::parse("md5:" + std::string(32, 'a')), InvalidArgumentError);
  EXPECT_THROW(Digest::parse(std::string(64, 'a')), InvalidArgumentError);
  EXPECT_THROW(Digest::parse("sha256:" + std::string(64, 'A')), InvalidArgumentError);
  EXPECT_EQ(Digest::parse("sha256:" + std::string(64, 'a')).hex(), std::string(64, 'a'));
}

}  // namespace
}  // namespace berth
