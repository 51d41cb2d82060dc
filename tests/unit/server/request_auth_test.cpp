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

TEST(PresentedToken, SaysWhetherItCameFromTheCookie) {
  auto from_header = presented_credential(with(http::field::authorization, "Bearer hf_a"));
  ASSERT_TRUE(from_header);
  EXPECT_FALSE(from_header->from_cookie);
  auto from_cookie = presented_credential(with(http::field::cookie, "a=b; token = hf_c"));
  ASSERT_TRUE(from_cookie);
  EXPECT_EQ(from_cookie->token, "hf_c");
  EXPECT_TRUE(from_cookie->from_cookie);
}

// A Space app's own API key in Authorization must not hide its visitor's Berth cookie.
TEST(PresentedToken, AppsOwnAuthorizationLeavesTheCookie) {
  RequestHeader h;
  h.set(http::field::authorization, "Bearer app-own-key");
  h.set(http::field::cookie, "token=hf_c");
  auto presented = presented_credential(h);
  ASSERT_TRUE(presented);
  EXPECT_EQ(presented->token, "hf_c");
  EXPECT_TRUE(presented->from_cookie);
  h.set(http::field::authorization, "Bearer hf_header");
  EXPECT_EQ(presented_token(h), "hf_header");
  // Without a cookie the header's credential is what was presented, to be refused.
  EXPECT_EQ(presented_token(with(http::field::authorization, "Bearer app-own-key")), "app-own-key");
}

TEST(PresentedToken, OnlyGetAndHeadAreSafe) {
  EXPECT_TRUE(is_safe_method(http::verb::get));
  EXPECT_TRUE(is_safe_method(http::verb::head));
  for (auto method : {http::verb::post, http::verb::put, http::verb::delete_, http::verb::patch,
                      http::verb::options})
    EXPECT_FALSE(is_safe_method(method));
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
