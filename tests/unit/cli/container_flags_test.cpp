#include "cli/commands/container_flags.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::cli {
namespace container_flags_test {

ContainerFlags base() {
  ContainerFlags f;
  f.image = "busybox";
  return f;
}

std::string error_of(const ContainerFlags& f) {
  try {
    make_request(f);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125) << e.what();
    return e.what();
  }
  return "";
}

TEST(ContainerFlags, VolumeSpecsFollowDocker) {
  auto f = base();
  f.volumes = {":/x"};
  EXPECT_EQ(error_of(f), "invalid spec: :/x: empty section between colons");
  f.volumes = {"/tmp:relative"};
  EXPECT_EQ(error_of(f),
            "invalid mount config for type \"bind\": invalid mount path: 'relative' mount path "
            "must be absolute");
  f.volumes = {"/tmp:/x:bogus"};
  EXPECT_EQ(error_of(f), "invalid mode: bogus");
  TempDir dir;
  f.volumes = {dir.path().string() + "/new:/data:ro"};
  auto r = make_request(f);
  ASSERT_EQ(r.mounts.size(), 1u);
  EXPECT_TRUE(r.mounts[0].read_only);
  EXPECT_TRUE(fs::is_directory(dir.path() / "new")) << "-v creates a missing host directory";
}

TEST(ContainerFlags, MountAndTmpfs) {
  auto f = base();
  f.mounts = {"type=bind,source=/nonexistent-berth,target=/x"};
  EXPECT_NE(error_of(f).find("bind source path does not exist"), std::string::npos);
  f.mounts = {"type=tmpfs,target=/t,tmpfs-size=1m"};
  f.tmpfs = {"/run:size=64k"};
  auto r = make_request(f);
  ASSERT_EQ(r.mounts.size(), 2u);
  EXPECT_EQ(r.mounts[0].options, std::vector<std::string>{"size=1m"});
  EXPECT_EQ(r.mounts[1].destination, "/run");
}

TEST(ContainerFlags, EnvResolvesBareNamesFromTheCaller) {
  ::setenv("BERTH_TEST_VAR", "from-host", 1);
  ::unsetenv("BERTH_TEST_UNSET");
  auto f = base();
  f.env = {"A=1", "BERTH_TEST_VAR", "BERTH_TEST_UNSET"};
  auto r = make_request(f);
  EXPECT_EQ(r.env, (std::vector<std::string>{"A=1", "BERTH_TEST_VAR=from-host"}));
}

TEST(ContainerFlags, ConflictsAndUnsupported) {
  auto f = base();
  f.auto_remove = true;
  f.restart = "always";
  EXPECT_EQ(error_of(f), "conflicting options: cannot specify both --restart and --rm");
  f = base();
  f.network = "none";
  f.publish = {"80"};
  EXPECT_NE(error_of(f).find("conflicting options: port publishing"), std::string::npos);
  f = base();
  f.network = "bridge";
  f.ip = "10.88.0.9";
  EXPECT_EQ(error_of(f), "user specified IP address is supported on user defined networks only");
  f = base();
  f.network_aliases = {"web"};
  EXPECT_NE(error_of(f).find("network-scoped alias is supported only"), std::string::npos);
  f = base();
  f.publish = {"80:http"};
  EXPECT_NE(error_of(f).find("invalid containerPort: http"), std::string::npos);
  f = base();
  f.workdir = "relative";
  EXPECT_NE(error_of(f).find("needs to be an absolute path"), std::string::npos);
  f = base();
  f.entrypoint_set = true;
  f.entrypoint = "";
  auto r = make_request(f);
  ASSERT_TRUE(r.entrypoint);
  EXPECT_TRUE(r.entrypoint->empty()) << "--entrypoint \"\" clears the image's entrypoint";
}

TEST(ContainerFlags, StorageOptAsDockerParsesIt) {
  auto f = base();
  f.storage_opts = {"size=20G"};
  EXPECT_EQ(make_request(f).storage_opt, (std::map<std::string, std::string>{{"size", "20G"}}));
  f.storage_opts = {"size"};
  EXPECT_EQ(error_of(f), "invalid storage option");
}

TEST(ContainerFlags, BridgeNetworksAndPublishedPorts) {
  auto f = base();
  auto r = make_request(f);
  EXPECT_EQ(r.network_mode, "bridge") << "Docker's default";
  ASSERT_EQ(r.networks.size(), 1u);
  EXPECT_EQ(r.networks[0].network, "bridge");
  f = base();
  f.network = "web";
  f.network_aliases = {"api"};
  f.ip = "10.89.0.9";
  f.publish = {"127.0.0.1:8080:80", "9000-9001:90-91/udp"};
  f.publish_all = true;
  r = make_request(f);
  ASSERT_EQ(r.networks.size(), 1u);
  EXPECT_EQ(r.networks[0].network, "web");
  EXPECT_EQ(r.networks[0].aliases, std::vector<std::string>{"api"});
  EXPECT_EQ(r.networks[0].ip, "10.89.0.9");
  ASSERT_EQ(r.ports.size(), 3u);
  EXPECT_EQ(r.ports[0].host_ip, "127.0.0.1");
  EXPECT_EQ(r.ports[0].host_port, 8080);
  EXPECT_EQ(r.ports[2].protocol, "udp");
  EXPECT_EQ(r.ports[2].host_port, 9001);
  EXPECT_EQ(r.ports[2].container_port, 91);
  EXPECT_TRUE(r.publish_all);
  auto back = runtime::request_from_json(runtime::to_json(r));
  EXPECT_EQ(back.ports.size(), 3u);
  EXPECT_EQ(back.networks[0].aliases, r.networks[0].aliases);
  EXPECT_TRUE(back.publish_all);
}

TEST(ContainerFlags, HostOptionsReachTheRequest) {
  auto f = base();
  f.cap_add = {"net_admin"};
  f.cap_drop = {"ALL"};
  f.ulimits = {"nofile=123:456", "nproc=10", "nofile=200:300"};
  f.add_hosts = {"db=10.0.0.9", "gw:host-gateway"};
  f.dns = {"1.1.1.1"};
  f.dns_search = {"example.com."};
  f.dns_options = {"ndots:2"};
  f.shm_size = "8m";
  auto r = make_request(f);
  EXPECT_EQ(r.cap_add, std::vector<std::string>{"net_admin"});  // as typed, as Docker keeps it
  EXPECT_EQ(r.cap_drop, std::vector<std::string>{"ALL"});
  EXPECT_EQ(r.ulimits.size(), 2u);
  EXPECT_EQ(r.ulimits.at("nofile"), (runtime::Ulimit{200, 300})) << "the last one wins";
  EXPECT_EQ(r.ulimits.at("nproc"), (runtime::Ulimit{10, 10}));
  EXPECT_EQ(r.extra_hosts, (std::vector<std::string>{"db:10.0.0.9", "gw:host-gateway"}));
  EXPECT_EQ(r.dns, std::vector<std::string>{"1.1.1.1"});
  EXPECT_EQ(r.dns_search, std::vector<std::string>{"example.com"});
  EXPECT_EQ(r.dns_options, std::vector<std::string>{"ndots:2"});
  EXPECT_EQ(r.shm_size, 8 << 20);
}

TEST(ContainerFlags, ShmSizeDefaultsToDockers64MiB) {
  auto f = base();
  EXPECT_EQ(make_request(f).shm_size, 64 << 20);
  f.shm_size = "0";
  EXPECT_EQ(make_request(f).shm_size, 64 << 20);
}

TEST(ContainerFlags, BadHostOptionsAreDockersFlagErrors) {
  auto f = base();
  f.ulimits = {"nofile=abc"};
  EXPECT_EQ(error_of(f),
            "invalid argument \"nofile=abc\" for \"--ulimit\" flag: strconv.ParseInt: parsing "
            "\"abc\": invalid syntax");
  f = base();
  f.add_hosts = {"nohost"};
  EXPECT_EQ(error_of(f),
            "invalid argument \"nohost\" for \"--add-host\" flag: bad format for add-host: "
            "\"nohost\"");
  f = base();
  f.dns = {"dns.google"};
  EXPECT_EQ(error_of(f),
            "invalid argument \"dns.google\" for \"--dns\" flag: IP address is not correctly "
            "formatted: dns.google");
  f = base();
  f.dns_search = {"-x"};
  EXPECT_EQ(error_of(f),
            "invalid argument \"-x\" for \"--dns-search\" flag: -x is not a valid domain");
  f = base();
  f.shm_size = "lots";
  EXPECT_EQ(error_of(f), "invalid argument \"lots\" for \"--shm-size\" flag: invalid size: 'lots'");
}

}  // namespace container_flags_test
}  // namespace berth::cli
