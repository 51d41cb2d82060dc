#include "build/executor/secret_mount.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::build {
namespace {

RunMount secret(std::string id, bool required = false) {
  RunMount m;
  m.type = MountType::kSecret;
  m.id = std::move(id);
  m.required = required;
  return m;
}

TEST(SecretMountTest, ReadsTheValuesTheMountsNameAndSkipsMissingOptionalOnes) {
  std::map<std::string, SecretSource> sources = {{"token", {"token", {}, {}, "s3cret"}}};
  auto values = read_secret_values({secret("token"), secret("absent")}, sources);
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"token", "s3cret"}}));
}

TEST(SecretMountTest, AMissingRequiredSecretFailsWithItsId) {
  try {
    read_secret_values({secret("absent", true)}, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "secret absent: not found");
  }
}

TEST(SecretMountTest, TheIdDefaultsToTheTargetsBaseName) {
  RunMount m = secret("");
  m.target = "/run/secrets/npmrc";
  EXPECT_EQ(secret_mount_id(m), "npmrc");
}

TEST(SecretMountTest, BindsTheValueAsAFileAndAsAVariable) {
  TempDir run_dir;
  std::map<std::string, std::string> values = {{"token", "s3cret"}};
  RunStep step;
  {
    SecretMountPreparer preparer(run_dir.path() / "run", values);
    RunMount m = secret("token");
    m.env = "TOKEN";
    m.uid = ::getuid();
    m.gid = ::getgid();
    preparer.prepare(m, step);
    ASSERT_EQ(step.mounts.size(), 1u);
    EXPECT_EQ(step.mounts[0].destination, "/run/secrets/token");
    EXPECT_EQ(read_file(step.mounts[0].source), "s3cret");
    EXPECT_EQ(step.env, std::vector<std::string>{"TOKEN=s3cret"});
  }
  EXPECT_FALSE(std::filesystem::exists(step.mounts[0].source));  // gone after the RUN
}

}  // namespace
}  // namespace berth::build
