#include "server/request_auth.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

RequestHeader with(http::field field, std::string value) {
  RequestHeader h;
  h.set(field, value);
  return h;
}

TEST(PresentedToken, BearerBasicAndCookie) {
  EXPECT_EQ(presented_token(with(http::field::authorization, "Bearer hf_abc")), "hf_abc");
  EXPECT_EQ(presented_token(with(http::field::authorization, "bearer  hf_abc ")), "hf_abc");
  // git sends user:token; the user name is ignored, as on the Hub.
  EXPECT_EQ(presented_token(with(http::field::authorization, "Basic dXNlcjpoZl94eXo=")), "hf_xyz");
  EXPECT_EQ(presented_token(with(http::field::cookie, "theme=dark; token=hf_c; x=y")), "hf_c");
}

TEST(PresentedToken, NoneOrMalformed) {
  EXPECT_FALSE(presented_token(RequestHeader{}));
  EXPECT_FALSE(presented_token(with(http::field::authorization, "Basic !!!")));
  EXPECT_FALSE(presented_token(with(http::field::authorization, "Basic dXNlcg==")));  // "user"
  EXPECT_FALSE(presented_token(with(http::field::authorization, "Digest x")));
  EXPECT_FALSE(presented_token(with(http::field::cookie, "tokens=hf_x")));
}

}  // namespace
}  // namespace berth::server
