// What the in-process runner asks the engine for: the same container `berth run -d` made for
// a Space before (UID 1000, its own network, limits, capped disk, rotated log, /data, sealed
// secrets).
#include "spaces/local/engine_space_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/secret_env.hpp"

namespace berth::spaces {
namespace engine_space_runner_test {

SpaceRunRequest sample_request() {
  SpaceRunRequest r;
  r.space_id = "alice/app";
  r.image = "localhost/spaces/alice/app:abc";
  r.instance_name = "space-alice-app-abc";
  r.network = "space-alice-app";
  r.env = {{"SPACE_ID", "alice/app"}, {"PORT", "7860"}};
  r.secrets = {{"HF_TOKEN", "hf_x"}, {"DB_PASS", "p\nq"}};
  r.cpus = 2;
  r.memory_bytes = int64_t{16} << 30;
  r.pids_limit = kSpacePidsLimit;
  r.disk_bytes = int64_t{50} << 30;
  r.data_dir = "/var/lib/berth/spaces/alice/app/data";
  return r;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(EngineSpaceRunner, RequestRunsTheSpaceAsUid1000OnItsOwnNetwork) {
  auto c = EngineSpaceRunner::container_request(sample_request());
  EXPECT_EQ(c.image, "localhost/spaces/alice/app:abc");
  EXPECT_EQ(c.name, "space-alice-app-abc");
  EXPECT_EQ(c.user, "1000");
  EXPECT_EQ(c.network_mode, "space-alice-app");
  ASSERT_EQ(c.networks.size(), 1u);
  EXPECT_EQ(c.networks[0].network, "space-alice-app");
  EXPECT_EQ(c.labels.at("berth.space"), "alice/app");
  EXPECT_TRUE(runtime::uses_bridge_network(c));
}

// The admin's run options widen what a container may do or see (capabilities, rlimits, names
// and resolvers); a Space's untrusted code gets none of them, only Docker's defaults.
TEST(EngineSpaceRunner, RequestHasNoAdminRunOptions) {
  auto c = EngineSpaceRunner::container_request(sample_request());
  EXPECT_TRUE(c.cap_add.empty());
  EXPECT_TRUE(c.cap_drop.empty());
  EXPECT_TRUE(c.ulimits.empty());
  EXPECT_TRUE(c.extra_hosts.empty());
  EXPECT_TRUE(c.dns.empty());
  EXPECT_TRUE(c.dns_search.empty());
  EXPECT_TRUE(c.dns_options.empty());
  EXPECT_EQ(c.shm_size, runtime::kDefaultShmSize);
  // And none reaches its stored record either.
  auto stored = runtime::to_json(c);
  for (const char* key :
       {"cap_add", "cap_drop", "ulimits", "extra_hosts", "dns", "dns_search", "dns_options"}) {
    EXPECT_FALSE(stored.contains(key)) << key;
  }
}

TEST(EngineSpaceRunner, RequestCarriesTheHardwareLimitsDiskCapAndLogRotation) {
  auto c = EngineSpaceRunner::container_request(sample_request());
  EXPECT_EQ(c.limits.cpus, 2);
  EXPECT_EQ(c.limits.memory_bytes, int64_t{16} << 30);
  EXPECT_EQ(c.limits.pids_limit, kSpacePidsLimit);
  EXPECT_EQ(runtime::writable_layer_cap(c), int64_t{50} << 30);
  EXPECT_EQ(c.log_max_size, 10 * 1024 * 1024);
  EXPECT_EQ(c.log_max_files, kSpaceLogMaxFiles);
  ASSERT_EQ(c.mounts.size(), 1u);
  EXPECT_EQ(c.mounts[0].type, "bind");
  EXPECT_EQ(c.mounts[0].source, "/var/lib/berth/spaces/alice/app/data");
  EXPECT_EQ(c.mounts[0].destination, "/data");
}

TEST(EngineSpaceRunner, SecretsAreNamedForSealingAndVariablesAreNot) {
  auto c = EngineSpaceRunner::container_request(sample_request());
  EXPECT_TRUE(has(c.env, "SPACE_ID=alice/app"));
  EXPECT_TRUE(has(c.env, "PORT=7860"));
  // In env until the engine seals them (seal_secret_env moves them out before recording).
  EXPECT_TRUE(has(c.env, "HF_TOKEN=hf_x"));
  EXPECT_TRUE(has(c.env, "DB_PASS=p\nq"));
  EXPECT_EQ(c.labels.at(std::string(runtime::kSecretEnvLabel)), "DB_PASS,HF_TOKEN");
}

TEST(EngineSpaceRunner, NoLimitsNoDataNoSecretsMeansNoneAsked) {
  SpaceRunRequest r;
  r.space_id = "bob/tiny";
  r.image = "img";
  r.instance_name = "i";
  r.network = "n";
  auto c = EngineSpaceRunner::container_request(r);
  EXPECT_EQ(runtime::writable_layer_cap(c), 0);
  EXPECT_TRUE(c.mounts.empty());
  EXPECT_EQ(c.labels.count(std::string(runtime::kSecretEnvLabel)), 0u);
  EXPECT_FALSE(c.limits.cpus.has_value());
  EXPECT_FALSE(c.limits.memory_bytes.has_value());
  EXPECT_FALSE(c.limits.pids_limit.has_value());
}

}  // namespace engine_space_runner_test
}  // namespace berth::spaces
