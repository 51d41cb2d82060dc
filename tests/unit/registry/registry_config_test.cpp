#include "registry/registry_config.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "registry/registry_endpoint.hpp"

namespace berth::registry {
namespace {

TEST(RegistryConfig, AbsentFileIsNoSettings) {
  TempDir dir;
  auto config = RegistryConfig::load(dir.path() / "none.json");
  EXPECT_TRUE(config.mirrors.empty());
  EXPECT_EQ(pull_endpoints("docker.io", config).size(), 1u);
}

TEST(RegistryConfig, MirrorsComeFirstInOrderAndTheRegistryLast) {
  TempDir dir;
  write_file_atomic(dir.path() / "r.json",
                    R"({"registry-mirrors":["https://m1.example","http://10.0.0.5:5000/"],)"
                    R"("mirrors":{"ghcr.io":["https://ghcr-mirror.example"]},)"
                    R"("insecure-registries":["10.0.0.9:5000"]})");
  auto config = RegistryConfig::load(dir.path() / "r.json");
  auto hub = pull_endpoints("docker.io", config);
  ASSERT_EQ(hub.size(), 3u);
  EXPECT_EQ(hub[0].host, "m1.example");
  EXPECT_FALSE(hub[0].plain_http_allowed);
  EXPECT_EQ(hub[1].host, "10.0.0.5:5000");
  EXPECT_TRUE(hub[1].plain_http_allowed) << "an http:// mirror";
  EXPECT_EQ(hub[1].domain, "docker.io") << "the name pulled stays the registry's";
  EXPECT_EQ(hub[2].host, "registry-1.docker.io");
  EXPECT_EQ(pull_endpoints("ghcr.io", config).front().host, "ghcr-mirror.example");
  auto insecure = endpoint_for("10.0.0.9:5000", config);
  EXPECT_TRUE(insecure.plain_http_allowed);
  EXPECT_FALSE(insecure.verify_tls);
  EXPECT_TRUE(endpoint_for("10.0.0.8:5000", config).verify_tls);
}

TEST(RegistryConfig, BadSettingsNameTheFileAndTheKey) {
  TempDir dir;
  auto file = dir.path() / "r.json";
  for (const char* bad :
       {R"({"registry-mirror":[]})", R"({"registry-mirrors":["ftp://x"]})",
        R"({"registry-mirrors":["https://x/path"]})", R"({"mirrors":[]})", R"([1])", "{"}) {
    write_file_atomic(file, bad);
    try {
      RegistryConfig::load(file);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace berth::registry
