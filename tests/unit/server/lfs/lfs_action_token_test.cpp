#include "server/lfs/lfs_action_token.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

TEST(LfsActionToken, HmacSha256KnownAnswers) {
  // RFC 4231, test cases 2 and 6 (a key longer than the block).
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(LfsActionToken, BoundToOneActionAndExpiring) {
  LfsActionSigner signer("test key");
  auto now = std::chrono::system_clock::now();
  LfsAction upload{"upload", "alice/app", std::string(64, 'a'), 100};
  std::string token = signer.sign(upload, now);
  EXPECT_TRUE(signer.verify(upload, token, now));
  EXPECT_TRUE(signer.verify(upload, token, now + std::chrono::minutes(59)));
  EXPECT_FALSE(signer.verify(upload, token, now + std::chrono::minutes(61)));
  for (LfsAction other : {LfsAction{"download", "alice/app", std::string(64, 'a'), 100},
                          LfsAction{"upload", "bob/app", std::string(64, 'a'), 100},
                          LfsAction{"upload", "alice/app", std::string(64, 'b'), 100},
                          LfsAction{"upload", "alice/app", std::string(64, 'a'), 101}}) {
    EXPECT_FALSE(signer.verify(other, token, now)) << other.operation << other.space_id;
  }
  EXPECT_FALSE(LfsActionSigner("another key").verify(upload, token, now));
  // A later expiry with the same signature does not verify.
  std::string forged = std::to_string(std::stoll(token.substr(0, token.find('.'))) + 3600) +
                       token.substr(token.find('.'));
  EXPECT_FALSE(signer.verify(upload, forged, now));
  for (const char* bad : {"", ".", "abc", "1.", "x.00", "99999999999999999999999.aa"}) {
    EXPECT_FALSE(signer.verify(upload, bad, now)) << bad;
  }
  EXPECT_NE(LfsActionSigner().sign(upload, now), LfsActionSigner().sign(upload, now));
}

}  // namespace
}  // namespace berth::server
