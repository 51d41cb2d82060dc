#include "server/http/credential_filter.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace credential_filter_test {

constexpr std::string_view kToken = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";

std::string basic(std::string_view user_password) {
  // base64 of the few fixed strings below, computed with `printf %s … | base64`.
  if (user_password == "user:hf_abcdefghijklmnopqrstuvwxyzABCDEFGH")
    return "Basic dXNlcjpoZl9hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdI";
  if (user_password == "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH:")
    return "Basic aGZfYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXpBQkNERUZHSDo=";
  if (user_password == "admin:secret") return "Basic YWRtaW46c2VjcmV0";
  throw std::logic_error("no base64 for this test value");
}

TEST(CredentialFilter, BerthTokensInAuthorizationAreRecognized) {
  EXPECT_TRUE(is_berth_authorization("Bearer " + std::string(kToken)));
  EXPECT_TRUE(is_berth_authorization("bearer   " + std::string(kToken) + " "));
  // A token Berth does not know is the visitor's secret too (revoked, or huggingface.co's).
  EXPECT_TRUE(is_berth_authorization("Bearer hf_unknown"));
  EXPECT_TRUE(is_berth_authorization(basic("user:hf_abcdefghijklmnopqrstuvwxyzABCDEFGH")));
  EXPECT_TRUE(is_berth_authorization(basic("hf_abcdefghijklmnopqrstuvwxyzABCDEFGH:")));
  EXPECT_TRUE(is_berth_authorization(std::string(kToken)));  // no scheme at all
  EXPECT_TRUE(is_berth_authorization("token " + std::string(kToken)));
}

TEST(CredentialFilter, AnAppsOwnAuthorizationPasses) {
  EXPECT_FALSE(is_berth_authorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"));
  EXPECT_FALSE(is_berth_authorization(basic("admin:secret")));
  EXPECT_FALSE(is_berth_authorization("Digest username=\"hf_x\""));
  EXPECT_FALSE(is_berth_authorization("Basic !!!"));
}

TEST(CredentialFilter, TheTokenCookieIsRemovedOthersStay) {
  EXPECT_EQ(without_server_cookies("theme=dark; token=hf_x; session=abc"),
            "theme=dark; session=abc");
  EXPECT_EQ(without_server_cookies("token=hf_x"), std::nullopt);
  EXPECT_EQ(without_server_cookies(" token = hf_x ;token=hf_y"), std::nullopt);
  EXPECT_EQ(without_server_cookies("tokens=1; my_token=2; Token=3"),
            "tokens=1; my_token=2; Token=3");  // cookie names are case-sensitive
  EXPECT_EQ(without_server_cookies("a=1;;b=2"), "a=1; b=2");
}

TEST(CredentialFilter, AnAppSetsCookiesForItsOwnHostOnly) {
  constexpr std::string_view host = "alice-app.spaces.test:8080";
  EXPECT_TRUE(is_app_cookie("session=abc; Path=/; HttpOnly", host));
  EXPECT_TRUE(is_app_cookie("session=abc; Domain=alice-app.spaces.test", host));
  EXPECT_TRUE(is_app_cookie("session=abc; domain=.ALICE-APP.spaces.test.", host));
  EXPECT_TRUE(is_app_cookie("session=abc; Domain=", host));
  // The parent domain reaches the API host and every other Space.
  EXPECT_FALSE(is_app_cookie("session=abc; Domain=spaces.test", host));
  EXPECT_FALSE(is_app_cookie("session=abc; Path=/; Domain=.spaces.test", host));
  EXPECT_FALSE(is_app_cookie("x=1; Domain=bob-app.spaces.test", host));
  // The server's cookie, for any domain, even the app's own host.
  EXPECT_FALSE(is_app_cookie("token=hf_attacker; Domain=spaces.test; Path=/", host));
  EXPECT_FALSE(is_app_cookie("token=hf_attacker", host));
  EXPECT_FALSE(is_app_cookie(" token =x", host));
  // A request without Host: no Domain is the app's.
  EXPECT_FALSE(is_app_cookie("a=1; Domain=spaces.test", ""));
  EXPECT_TRUE(is_app_cookie("a=1", ""));
}

}  // namespace credential_filter_test
}  // namespace berth::server
