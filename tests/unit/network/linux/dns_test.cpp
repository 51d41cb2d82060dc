#include "network/linux/dns.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::network {
namespace {

const std::string kId1(64, 'a');
const std::string kId2(64, 'b');

TEST(DnsConfig, RendersAardvarkFormat) {
  DnsNetworkConfig config;
  config.listen = {"10.89.0.1"};
  config.records = {{kId1, {"10.89.0.2"}, {}, {"web", "www", "aaaaaaaaaaaa"}},
                    {kId2, {"10.89.0.3", "10.89.0.4"}, {"fd00::3"}, {"db"}}};
  EXPECT_EQ(render_dns_config(config), "10.89.0.1\n" + kId1 + " 10.89.0.2  web,www,aaaaaaaaaaaa\n" +
                                           kId2 + " 10.89.0.3,10.89.0.4 fd00::3 db\n");
}

TEST(DnsConfig, ParsesWhatItRenders) {
  DnsNetworkConfig config;
  config.listen = {"10.89.0.1", "fd00::1"};
  config.records = {{kId1, {"10.89.0.2"}, {}, {"web"}}, {kId2, {}, {"fd00::3"}, {"db", "d"}}};
  DnsNetworkConfig parsed = parse_dns_config(render_dns_config(config), "test");
  EXPECT_EQ(parsed.listen, config.listen);
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[0].container_id, kId1);
  EXPECT_EQ(parsed.records[0].ipv4, std::vector<std::string>{"10.89.0.2"});
  EXPECT_TRUE(parsed.records[0].ipv6.empty());
  EXPECT_EQ(parsed.records[1].ipv6, std::vector<std::string>{"fd00::3"});
  EXPECT_EQ(parsed.records[1].names, (std::vector<std::string>{"db", "d"}));
}

TEST(DnsConfig, RejectsWhatAardvarkWouldMisread) {
  DnsNetworkConfig config;
  config.listen = {"10.89.0.1"};
  config.records = {{kId1, {"10.89.0.2"}, {}, {"two words"}}};
  EXPECT_THROW(render_dns_config(config), InvalidArgumentError);
  config.records = {{kId1, {"10.89.0.2"}, {}, {"a,b"}}};
  EXPECT_THROW(render_dns_config(config), InvalidArgumentError);
  config.records = {{kId1, {"10.89.0.2"}, {}, {}}};
  EXPECT_THROW(render_dns_config(config), InvalidArgumentError);
  config.records = {{kId1, {}, {}, {"web"}}};
  EXPECT_THROW(render_dns_config(config), InvalidArgumentError);
  config.records.clear();
  config.listen.clear();
  EXPECT_THROW(render_dns_config(config), InvalidArgumentError);
  EXPECT_THROW(parse_dns_config("10.89.0.1\n" + kId1 + " 10.89.0.2\n", "test"), Error);
  EXPECT_THROW(parse_dns_config("", "test"), Error);
}

NetworkRecord dns_network() {
  NetworkRecord n;
  n.name = "web";
  n.subnet = "10.89.0.0/24";
  n.gateway = "10.89.0.1";
  n.bridge = "berth1";
  n.dns_enabled = true;
  return n;
}

// /bin/true stands in for aardvark-dns: it "starts" without writing a pid file, so every
// reload starts it again, and the test sees only the files.
TEST(AardvarkDns, KeepsOneFilePerNetworkWithOneLinePerContainer) {
  TempDir run;
  AardvarkDns dns(run.path(), "/bin/true");
  NetworkRecord n = dns_network();
  fs::path file = run.path() / "aardvark-dns" / "web";
  dns.add_record(n, {kId1, {"10.89.0.2"}, {}, {"a"}});
  dns.add_record(n, {kId2, {"10.89.0.3"}, {}, {"b"}});
  dns.add_record(n, {kId1, {"10.89.0.2"}, {}, {"a", "alias"}});  // replaces, not appends
  EXPECT_EQ(read_file(file),
            "10.89.0.1\n" + kId2 + " 10.89.0.3  b\n" + kId1 + " 10.89.0.2  a,alias\n");
  dns.remove_record(n, kId2);
  EXPECT_EQ(read_file(file), "10.89.0.1\n" + kId1 + " 10.89.0.2  a,alias\n");
  dns.remove_record(n, kId2);  // already gone
  dns.remove_record(n, kId1);
  EXPECT_FALSE(fs::exists(file)) << "a network without names must not keep a file";
  std::vector<fs::path> left;
  for (const auto& e : fs::directory_iterator(run.path() / "aardvark-dns"))
    left.push_back(e.path());
  EXPECT_TRUE(left.empty()) << "aardvark-dns parses every file there: " << left.front();
  dns.remove_all();
  EXPECT_FALSE(fs::exists(run.path() / "aardvark-dns"));
  EXPECT_FALSE(fs::exists(run.path() / "aardvark-dns.lock"));
}

TEST(AardvarkDns, RefusesNamesThatAreNotFileNames) {
  TempDir run;
  AardvarkDns dns(run.path(), "/bin/true");
  NetworkRecord n = dns_network();
  for (const char* bad : {"../x", "aardvark.pid", "", ".hidden"}) {
    n.name = bad;
    EXPECT_THROW(dns.add_record(n, {kId1, {"10.89.0.2"}, {}, {"a"}}), InvalidArgumentError) << bad;
  }
}

TEST(AardvarkDns, ReportsAFailedStart) {
  TempDir run;
  AardvarkDns dns(run.path(), "/bin/false");
  try {
    dns.add_record(dns_network(), {kId1, {"10.89.0.2"}, {}, {"a"}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("start aardvark-dns"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace berth::network
