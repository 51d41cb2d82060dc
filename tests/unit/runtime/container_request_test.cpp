#include "runtime/container_request.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "runtime/container_names.hpp"
#include "runtime/rootfs.hpp"

namespace berth::runtime {
namespace {

TEST(RestartPolicy, ParsesDockerValues) {
  EXPECT_EQ(RestartPolicy::parse("no").name, "no");
  EXPECT_EQ(RestartPolicy::parse("always").name, "always");
  auto p = RestartPolicy::parse("on-failure:3");
  EXPECT_EQ(p.name, "on-failure");
  EXPECT_EQ(p.maximum_retry_count, 3);
  EXPECT_THROW(RestartPolicy::parse("sometimes"), InvalidArgumentError);
  EXPECT_THROW(RestartPolicy::parse("always:3"), InvalidArgumentError);
  EXPECT_THROW(RestartPolicy::parse("on-failure:x"), InvalidArgumentError);
}

TEST(ContainerRequest, RoundTripsThroughJson) {
  ContainerRequest r;
  r.image = "busybox";
  r.name = "x";
  r.entrypoint = std::vector<std::string>{};
  r.command = {"echo", "hi"};
  r.env = {"A=1"};
  r.user = "1000:1000";
  r.tty = true;
  r.mounts.push_back({"bind", "/src", "/dst", true, {"rprivate"}});
  r.limits.memory_bytes = 64 << 20;
  r.limits.cpus = 1.5;
  r.restart = RestartPolicy::parse("on-failure:2");
  r.stop_timeout = 3;
  r.labels = {{"k", "v"}};
  r.storage_opt = {{"size", "1G"}};
  auto back = request_from_json(to_json(r));
  EXPECT_EQ(to_json(back), to_json(r));
  ASSERT_TRUE(back.entrypoint);
  EXPECT_TRUE(back.entrypoint->empty());
  EXPECT_EQ(back.mounts.at(0).destination, "/dst");
  EXPECT_EQ(*back.limits.cpus, 1.5);
}

TEST(ContainerRequest, WritableLayerCapFromStorageOpt) {
  ContainerRequest r;
  EXPECT_EQ(writable_layer_cap(r), 0) << "no --storage-opt: no cap";
  r.storage_opt = {{"size", "10G"}};
  EXPECT_EQ(writable_layer_cap(r), int64_t{10} << 30) << "Docker's binary units";
  r.storage_opt = {{"size", "1M"}};
  EXPECT_THROW(writable_layer_cap(r), InvalidArgumentError) << "below the 16MiB minimum";
  r.storage_opt = {{"size", "lots"}};
  EXPECT_THROW(writable_layer_cap(r), InvalidArgumentError);
  r.storage_opt = {{"inodes", "100"}};
  try {
    writable_layer_cap(r);
    ADD_FAILURE() << "an unknown option must be refused";
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "Unknown option inodes");
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(RootfsLayout, CappedUpperAndWorkShareTheCappedFilesystem) {
  auto plain = RootfsLayout::in("/c");
  EXPECT_FALSE(plain.capped);
  EXPECT_EQ(plain.upper, "/c/upper");
  auto capped = RootfsLayout::in("/c", int64_t{1} << 30);
  ASSERT_TRUE(capped.capped);
  EXPECT_EQ(capped.capped->image, "/c/rw.img");
  EXPECT_EQ(capped.capped->size_bytes, int64_t{1} << 30);
  // overlayfs needs upper and work on one filesystem, and the merged dir outside it.
  EXPECT_EQ(capped.upper.parent_path(), capped.capped->mount_point);
  EXPECT_EQ(capped.work.parent_path(), capped.capped->mount_point);
  EXPECT_EQ(capped.merged, plain.merged);
}

TEST(ContainerNames, GeneratedNamesAreValid) {
  for (int i = 0; i < 20; ++i) EXPECT_NO_THROW(validate_container_name(generate_container_name()));
  EXPECT_THROW(validate_container_name("-bad"), InvalidArgumentError);
  EXPECT_THROW(validate_container_name("a b"), InvalidArgumentError);
  EXPECT_THROW(validate_container_name("x"), InvalidArgumentError);
  EXPECT_NO_THROW(validate_container_name("web.1_a-b"));
}

TEST(ContainerRequest, RunOptionsRoundTripAndOldRecordsGetDefaults) {
  ContainerRequest r;
  r.image = "busybox";
  r.cap_add = {"NET_ADMIN"};
  r.cap_drop = {"ALL"};
  r.ulimits = {{"nofile", {123, 456}}, {"core", {-1, -1}}};
  r.extra_hosts = {"db:10.0.0.9", "gw:host-gateway"};
  r.dns = {"1.1.1.1"};
  r.dns_search = {"example.com"};
  r.dns_options = {"ndots:2"};
  r.shm_size = 8 << 20;
  auto back = request_from_json(to_json(r));
  EXPECT_EQ(back.cap_add, r.cap_add);
  EXPECT_EQ(back.cap_drop, r.cap_drop);
  EXPECT_EQ(back.ulimits, r.ulimits);
  EXPECT_EQ(back.extra_hosts, r.extra_hosts);
  EXPECT_EQ(back.dns, r.dns);
  EXPECT_EQ(back.dns_search, r.dns_search);
  EXPECT_EQ(back.dns_options, r.dns_options);
  EXPECT_EQ(back.shm_size, 8 << 20);

  auto old = request_from_json(Json{{"image", "busybox"}});
  EXPECT_TRUE(old.cap_add.empty());
  EXPECT_TRUE(old.ulimits.empty());
  EXPECT_TRUE(old.extra_hosts.empty());
  EXPECT_TRUE(old.dns.empty());
  EXPECT_EQ(old.shm_size, kDefaultShmSize);
}

TEST(ContainerRequest, RunOptionsAreStoredInDockersForm) {
  ContainerRequest r;
  r.extra_hosts = {"db=10.0.0.9", "v6:[::1]", "gw:host-gateway"};
  r.dns = {" 0:0:0:0:0:0:0:1"};
  r.dns_search = {"example.com."};
  r.shm_size = 0;
  normalize_run_options(r);
  EXPECT_EQ(r.extra_hosts, (std::vector<std::string>{"db:10.0.0.9", "v6:::1", "gw:host-gateway"}));
  EXPECT_EQ(r.dns, std::vector<std::string>{"::1"});
  EXPECT_EQ(r.dns_search, std::vector<std::string>{"example.com"});
  EXPECT_EQ(r.shm_size, kDefaultShmSize);
}

TEST(ContainerRequest, RunOptionsAreRefusedAsTheDaemonRefusesThem) {
  auto error_of = [](auto change) {
    ContainerRequest r;
    change(r);
    try {
      normalize_run_options(r);
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.exit_code(), 125);
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error_of([](ContainerRequest&) {}), "");
  EXPECT_EQ(error_of([](ContainerRequest& r) { r.cap_add = {"bogus"}; }),
            "invalid CapAdd: unknown capability: \"CAP_BOGUS\"");
  EXPECT_EQ(error_of([](ContainerRequest& r) {
              r.ulimits["nofile"] = {10, 5};
            }),
            "ulimit soft limit must be less than or equal to hard limit: 10 > 5");
  EXPECT_EQ(error_of([](ContainerRequest& r) {
              r.ulimits["as"] = {1, 1};
            }),
            "invalid ulimit type: as");
  EXPECT_EQ(error_of([](ContainerRequest& r) { r.extra_hosts = {"nohost"}; }),
            "bad format for add-host: \"nohost\"");
  EXPECT_EQ(error_of([](ContainerRequest& r) { r.dns = {"dns.google"}; }),
            "IP address is not correctly formatted: dns.google");
  EXPECT_EQ(error_of([](ContainerRequest& r) {
              r.network_mode = "container:db";
              r.dns = {"1.1.1.1"};
            }),
            "conflicting options: dns and the network mode");
  EXPECT_EQ(error_of([](ContainerRequest& r) {
              r.network_mode = "container:db";
              r.extra_hosts = {"a:1.2.3.4"};
            }),
            "conflicting options: custom host-to-IP mapping and the network mode");
  EXPECT_EQ(error_of([](ContainerRequest& r) { r.shm_size = -1; }),
            "SHM size can not be less than 0");
}

}  // namespace
}  // namespace berth::runtime
