// Ports: every short form and the long form, normalized to {target, published, host_ip,
// protocol, mode}.
#include <gtest/gtest.h>

#include "compose/port_config.hpp"
#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

std::string described(std::string_view spec) {
  auto ports = parse_port_spec(spec);
  if (!ports) return "invalid";
  std::string out;
  for (const auto& p : *ports) {
    if (!out.empty()) out += " ";
    out += p.host_ip + "|" + p.published + "|" + std::to_string(p.target) + "/" + p.protocol;
  }
  return out;
}

TEST(ComposePorts, ShortForms) {
  EXPECT_EQ(described("80"), "||80/tcp");
  EXPECT_EQ(described("8080:80"), "|8080|80/tcp");
  EXPECT_EQ(described("127.0.0.1:8080:80"), "127.0.0.1|8080|80/tcp");
  EXPECT_EQ(described("127.0.0.1::80"), "127.0.0.1||80/tcp");
  EXPECT_EQ(described("53:53/udp"), "|53|53/udp");
  EXPECT_EQ(described("[::1]:8080:80"), "::1|8080|80/tcp");
  EXPECT_EQ(described("9000-9001:8000-8001"), "|9000|8000/tcp |9001|8001/tcp");
  EXPECT_EQ(described("3000-3001"), "||3000/tcp ||3001/tcp");
  EXPECT_EQ(described("8000-8010:80"), "|8000-8010|80/tcp");
}

TEST(ComposePorts, InvalidShortForms) {
  for (const char* bad : {"80:80:80", "", "abc", "70000", "80/xyz", "1.2.3:80:80",
                          "8000-8001:80-82", "90-80", "a:b:c:d", "[::1]80"}) {
    EXPECT_EQ(described(bad), "invalid") << bad;
  }
}

TEST(ComposePorts, LongFormAndDefaults) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: nginx
    ports:
      - target: 80
        published: 8080
        host_ip: 0.0.0.0
        protocol: udp
        mode: host
      - 443
)");
  auto ports = p.load().services.at("web").ports;
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0].published, "8080");
  EXPECT_EQ(ports[0].mode, "host");
  EXPECT_EQ(ports[0].protocol, "udp");
  EXPECT_EQ(ports[1].target, 443u);
  EXPECT_EQ(ports[1].mode, "ingress");
  EXPECT_EQ(ports[1].protocol, "tcp");
}

TEST(ComposePorts, ErrorsNameTheItem) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n"
          "      - \"80:80:80\"\n");
  EXPECT_EQ(p.error(), "compose.yaml:6: services.web.ports[1]: invalid port \"80:80:80\"");
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    ports:\n      - published: 80\n");
  EXPECT_EQ(p.error(), "compose.yaml:5: services.web.ports[0]: target is required");
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    ports:\n      - target: 99999\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:5: services.web.ports[0].target: 99999 is out of range (1 to 65535)");
}

}  // namespace
}  // namespace berth::compose
