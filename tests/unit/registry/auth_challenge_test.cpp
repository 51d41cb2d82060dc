#include "registry/auth_challenge.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::registry {
namespace {

TEST(AuthChallenge, DockerHubsBearerChallenge) {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",)"
      R"(scope="repository:library/python:pull")");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scheme, "bearer");
  EXPECT_EQ(c[0].params.at("realm"), "https://auth.docker.io/token");
  EXPECT_EQ(c[0].params.at("service"), "registry.docker.io");
  EXPECT_EQ(c[0].params.at("scope"), "repository:library/python:pull");
}

TEST(AuthChallenge, SchemesAndNamesAreCaseInsensitiveAndTokensNeedNoQuotes) {
  auto c = parse_www_authenticate("BASIC Realm=test, bearer realm=\"a\\\"b\"");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].scheme, "basic");
  EXPECT_EQ(c[0].params.at("realm"), "test");
  EXPECT_EQ(c[1].scheme, "bearer");
  EXPECT_EQ(c[1].params.at("realm"), "a\"b") << "quoted-pair unescaped";
}

TEST(AuthChallenge, MalformedHeadersAreErrors) {
  for (const char* bad :
       {"", "  ,", "realm=x", "Bearer realm=\"open", "Bearer realm=", "Bearer @realm=x"}) {
    EXPECT_THROW(parse_www_authenticate(bad), InvalidArgumentError) << bad;
  }
  EXPECT_THROW(
      parse_www_authenticate("Bearer realm=\"" + std::string(kMaxChallengeBytes, 'a') + "\""),
      InvalidArgumentError)
      << "bounded";
}

}  // namespace
}  // namespace berth::registry
