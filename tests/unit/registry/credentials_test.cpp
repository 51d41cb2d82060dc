#include "registry/credentials.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "base/base64.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::registry {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  std::filesystem::path config() const { return dir_.path() / "config.json"; }
  void write_config(const std::string& json) { write_file_atomic(config(), json); }
  TempDir dir_;
};

TEST_F(CredentialsTest, NoConfigNoCredentials) {
  EXPECT_FALSE(find_credentials(endpoint_for("127.0.0.1:5000"), config()));
}

TEST_F(CredentialsTest, AuthsAsDockerLoginWritesThem) {
  write_config(R"({"auths":{"127.0.0.1:5000":{"auth":")" + encode_base64("alice:pa:ss") +
               R"("},"https://index.docker.io/v1/":{"auth":")" + encode_base64("hub:secret") +
               R"("}}})");
  auto local = find_credentials(endpoint_for("127.0.0.1:5000"), config());
  ASSERT_TRUE(local);
  EXPECT_EQ(local->username, "alice");
  EXPECT_EQ(local->password, "pa:ss") << "only the first colon separates";
  auto hub = find_credentials(endpoint_for("docker.io"), config());
  ASSERT_TRUE(hub);
  EXPECT_EQ(hub->username, "hub");
  EXPECT_FALSE(find_credentials(endpoint_for("ghcr.io"), config()));
}

TEST_F(CredentialsTest, MalformedConfigSaysWhere) {
  write_config("{not json");
  try {
    find_credentials(endpoint_for("ghcr.io"), config());
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(config().string()), std::string::npos) << e.what();
  }
  write_config(R"({"auths":{"ghcr.io":{"auth":"!!"}}})");
  EXPECT_THROW(find_credentials(endpoint_for("ghcr.io"), config()), Error);
}

TEST_F(CredentialsTest, CredentialHelpersAreAskedFirst) {
  // A docker-credential-* helper: reads the server on stdin, answers JSON.
  auto bin = dir_.path() / "bin";
  std::filesystem::create_directories(bin);
  write_file_atomic(bin / "docker-credential-fake",
                    "#!/bin/sh\nread server\n"
                    "[ \"$server\" = ghcr.io ] || { echo 'credentials not found in native "
                    "keychain'; exit 1; }\n"
                    "echo '{\"ServerURL\":\"ghcr.io\",\"Username\":\"bot\",\"Secret\":\"tok\"}'\n",
                    0755);
  std::string old_path = std::getenv("PATH");
  ::setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  write_config(R"({"credHelpers":{"ghcr.io":"fake"},"auths":{"ghcr.io":{"auth":")" +
               encode_base64("from:auths") + R"("}}})");
  auto c = find_credentials(endpoint_for("ghcr.io"), config());
  write_config(R"({"credsStore":"fake"})");
  auto unknown = find_credentials(endpoint_for("quay.io"), config());
  ::setenv("PATH", old_path.c_str(), 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "bot");
  EXPECT_EQ(c->password, "tok");
  EXPECT_FALSE(unknown) << "the helper's 'not found' is no login, not an error";
}

TEST_F(CredentialsTest, StoreKeepsTheRestAndEraseRemovesEveryForm) {
  write_config(
      R"({"auths":{"https://127.0.0.1:5000/v1/":{"auth":"b2xkOm9sZA=="}},"psFormat":"x"})");
  auto endpoint = endpoint_for("127.0.0.1:5000");
  EXPECT_EQ(store_credentials(endpoint, {"alice", "s3cret"}, config()), config().string());
  struct stat info {};
  ASSERT_EQ(::stat(config().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto found = find_credentials(endpoint, config());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->password, "s3cret") << "the older form of the key is replaced";
  EXPECT_NE(read_file(config()).find("psFormat"), std::string::npos) << "other settings kept";
  EXPECT_TRUE(erase_credentials(endpoint, config()));
  EXPECT_FALSE(find_credentials(endpoint, config()));
  EXPECT_FALSE(erase_credentials(endpoint, config()));
}

TEST(RegistryEndpoint, DockerHubAndLoopback) {
  auto hub = endpoint_for("docker.io");
  EXPECT_EQ(hub.host, "registry-1.docker.io");
  EXPECT_EQ(hub.config_key(), "https://index.docker.io/v1/");
  EXPECT_FALSE(hub.plain_http_allowed);
  EXPECT_TRUE(endpoint_for("127.0.0.1:5000").plain_http_allowed);
  EXPECT_TRUE(endpoint_for("localhost:5000").plain_http_allowed);
  EXPECT_TRUE(endpoint_for("localhost").plain_http_allowed);
  EXPECT_FALSE(endpoint_for("registry.example.com:5000").plain_http_allowed);
  EXPECT_FALSE(endpoint_for("127.example.com").plain_http_allowed) << "a name, not an address";
}

}  // namespace
}  // namespace berth::registry
