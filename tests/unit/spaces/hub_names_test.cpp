#include "spaces/hub_names.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

TEST(HubNamesTest, UserNames) {
  for (const std::string& ok : std::vector<std::string>{"a", "A", "7", "alice", "Alice-Bob",
                                                        "a-b-c", "a1-", std::string(39, 'x')}) {
    EXPECT_TRUE(is_valid_user_name(ok)) << ok;
    EXPECT_NO_THROW(check_user_name(ok));
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "-a", "a--b", "a_b", "a.b", "a b", "a/b", "\xc3\xa9t\xc3\xa9",
                                std::string(40, 'x')}) {
    EXPECT_FALSE(is_valid_user_name(bad)) << bad;
  }
  try {
    check_user_name("a--b");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("\"a--b\""), std::string::npos) << e.what();
  }
}

TEST(HubNamesTest, RepoNames) {
  for (const std::string& ok : std::vector<std::string>{
           "a", "app", "My.App_v2-x", "a.b.c", "x.gitx", "git", "a_", std::string(96, 'x')}) {
    EXPECT_TRUE(is_valid_repo_name(ok)) << ok;
  }
  for (const std::string& bad :
       std::vector<std::string>{"", ".a", "-a", "_a", "a--b", "a..b", "a.git", "app.git", "a-",
                                "a.", "a b", "a/b", "a:b", "\xc3\xa9", std::string(97, 'x')}) {
    EXPECT_FALSE(is_valid_repo_name(bad)) << bad;
  }
  EXPECT_THROW(check_repo_name("a..b"), InvalidArgumentError);
}

TEST(HubNamesTest, EnvKeys) {
  for (const std::string& ok : std::vector<std::string>{"A", "a", "HF_TOKEN", "api_key_2", "x_"}) {
    EXPECT_TRUE(is_valid_env_key(ok)) << ok;
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "1A", "_A", "A-B", "A B", "A.B", "A=B", "\xc3\xa9"}) {
    EXPECT_FALSE(is_valid_env_key(bad)) << bad;
  }
  try {
    check_env_key("MY-KEY");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()),
              "invalid key \"MY-KEY\": keys must match ^[a-zA-Z][_a-zA-Z0-9]*$");
  }
}

}  // namespace
}  // namespace berth::spaces
