#include "spaces/token.hpp"

#include <gtest/gtest.h>

#include <set>

namespace berth::spaces {
namespace {

TEST(TokenTest, HasTheHubsShape) {
  std::set<std::string> seen;
  std::set<char> letters;
  for (int i = 0; i < 200; ++i) {
    auto t = new_token();
    ASSERT_EQ(t.size(), 37u);
    EXPECT_EQ(t.substr(0, 3), "hf_");
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 3),
              std::string::npos)
        << t;
    EXPECT_TRUE(looks_like_token(t));
    seen.insert(t);
    letters.insert(t.begin() + 3, t.end());
  }
  EXPECT_EQ(seen.size(), 200u);
  // 6800 draws over 52 letters: every letter shows up.
  EXPECT_EQ(letters.size(), 52u);
}

TEST(TokenTest, LooksLikeTokenIsStrict) {
  std::string letters(34, 'a');
  EXPECT_TRUE(looks_like_token("hf_" + letters));
  EXPECT_FALSE(looks_like_token(""));
  EXPECT_FALSE(looks_like_token("hf_"));
  EXPECT_FALSE(looks_like_token("hf_" + letters.substr(1)));
  EXPECT_FALSE(looks_like_token("hf_" + letters + "a"));
  EXPECT_FALSE(looks_like_token("HF_" + letters));
  EXPECT_FALSE(looks_like_token("xx_" + letters));
  EXPECT_FALSE(looks_like_token("hf_" + letters.substr(1) + "1"));
  EXPECT_FALSE(looks_like_token("hf_" + letters.substr(1) + "_"));
  EXPECT_FALSE(looks_like_token("hf_" + letters.substr(1) + "\xe9"));
}

TEST(TokenTest, HashIsHexSha256) {
  EXPECT_EQ(token_hash("hf_test"),
            "49f7a88eca6c8c5b14697f3e1dde186ccd6cccc12a590b6a1ae1f1103365e422");
  EXPECT_EQ(token_hash("").size(), 64u);
  EXPECT_NE(token_hash("hf_a"), token_hash("hf_b"));
}

TEST(TokenTest, HashesEqual) {
  auto a = token_hash("hf_a");
  EXPECT_TRUE(hashes_equal(a, token_hash("hf_a")));
  EXPECT_FALSE(hashes_equal(a, token_hash("hf_b")));
  EXPECT_FALSE(hashes_equal(a, a.substr(1)));
  EXPECT_TRUE(hashes_equal("", ""));
}

}  // namespace
}  // namespace berth::spaces
