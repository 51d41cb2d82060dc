#include "runtime/secret_env.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {
namespace secret_env_test {

constexpr std::string_view kToken = "hf_live-secret-never-on-disk";

ContainerRequest request_with_secret() {
  ContainerRequest r;
  r.env = {"GREETING=hi", "HF_TOKEN=" + std::string(kToken), "OTHER=x"};
  r.labels[std::string(kSecretEnvLabel)] = "HF_TOKEN";
  return r;
}

TEST(SecretEnv, SecretValuesAreSealedInTheRecordAndOpenedForTheSpecOnly) {
  TempDir root;
  auto r = request_with_secret();
  seal_secret_env(r, root.path());
  EXPECT_EQ(r.env, (std::vector<std::string>{"GREETING=hi", "OTHER=x"}));
  ASSERT_EQ(r.sealed_env.size(), 1u);
  EXPECT_TRUE(r.sealed_env[0].starts_with("HF_TOKEN="));
  // What berth.db keeps: the request as JSON.
  std::string stored = to_json(r).dump();
  EXPECT_EQ(stored.find(kToken), std::string::npos) << stored;

  auto back = request_from_json(Json::parse(stored));
  EXPECT_EQ(open_secret_env(back, root.path()),
            std::vector<std::string>{"HF_TOKEN=" + std::string(kToken)});
}

TEST(SecretEnv, ALabelNamingNoVariableIsRefused) {
  TempDir root;
  auto r = request_with_secret();
  r.labels[std::string(kSecretEnvLabel)] = "HF_TOKEN,MISSING";
  EXPECT_THROW(seal_secret_env(r, root.path()), InvalidArgumentError);
}

TEST(SecretEnv, WithoutTheLabelNothingChanges) {
  TempDir root;
  ContainerRequest r;
  r.env = {"A=1"};
  seal_secret_env(r, root.path());
  EXPECT_EQ(r.env, std::vector<std::string>{"A=1"});
  EXPECT_TRUE(r.sealed_env.empty());
  EXPECT_TRUE(open_secret_env(r, root.path()).empty());
}

}  // namespace secret_env_test
}  // namespace berth::runtime
