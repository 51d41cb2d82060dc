// extra_hosts and devices as compose v2 normalizes and prints them. The expected outputs follow
// compose-go (github.com/compose-spec/compose-go, read at e70e961c): types/hostList.go
// (HostsList: `=` before `:`, comma-separated addresses, brackets dropped, printed sorted as
// host=ip), override/merge.go (mergeExtraHosts, convertIntoSequence), transform/device.go
// (short form → source/target/permissions, rwm by default), override/uncity.go (devices unique
// by target) and types/types.go (DeviceMapping's fields, omitempty).
#include <gtest/gtest.h>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace hosts_devices_test {

std::string service_yaml(testing::ComposeTestProject& p) {
  std::string out = p.config();
  size_t start = out.find("  web:\n");
  size_t end = out.find("networks:\n  default:\n    name:");
  return start == std::string::npos ? out : out.substr(start, end - start);
}

TEST(ComposeExtraHosts, EveryFormIsPrintedAsSortedHostEqualsIp) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: nginx
    extra_hosts:
      - "somehost:162.242.195.82"
      - "otherhost=50.31.209.229"
      - "v6host:::1"
      - "bracketed=[2001:db8::1]"
      - "multi=10.0.0.1,10.0.0.2"
      - "gw:host-gateway"
)");
  auto web = p.load().services.at("web");
  EXPECT_EQ(web.extra_hosts,
            (std::vector<std::string>{"bracketed=2001:db8::1", "gw=host-gateway", "multi=10.0.0.1",
                                      "multi=10.0.0.2", "otherhost=50.31.209.229",
                                      "somehost=162.242.195.82", "v6host=::1"}));
  EXPECT_EQ(service_yaml(p),
            "  web:\n    extra_hosts:\n      - bracketed=2001:db8::1\n      - gw=host-gateway\n"
            "      - multi=10.0.0.1\n      - multi=10.0.0.2\n      - otherhost=50.31.209.229\n"
            "      - somehost=162.242.195.82\n      - v6host=::1\n    image: nginx\n"
            "    networks:\n      default: null\n");
}

TEST(ComposeExtraHosts, MappingFormWithOneOrSeveralAddresses) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: nginx
    extra_hosts:
      zeta: "10.0.0.9"
      alpha: ["10.0.0.1", "[::1]"]
)");
  EXPECT_EQ(p.load().services.at("web").extra_hosts,
            (std::vector<std::string>{"alpha=10.0.0.1", "alpha=::1", "zeta=10.0.0.9"}));
}

TEST(ComposeExtraHosts, FilesAppendAndTheSameEntryIsKeptOnce) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: nginx\n    extra_hosts: {a: 10.0.0.1}\n");
  p.write("override.yaml",
          "services:\n  web:\n    extra_hosts: [\"a=10.0.0.1\", \"a:10.0.0.2\"]\n");
  p.options.files = {"compose.yaml", "override.yaml"};
  EXPECT_EQ(p.load().services.at("web").extra_hosts,
            (std::vector<std::string>{"a=10.0.0.1", "a=10.0.0.2"}));
}

TEST(ComposeExtraHosts, ErrorsAsComposeWordsThem) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    extra_hosts:\n      - nohost\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:5: services.web.extra_hosts[0]: invalid additional host, missing IP: "
            "nohost");
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    extra_hosts:\n      - \"=10.0.0.1\"\n");
  EXPECT_EQ(p.error(), "compose.yaml:5: services.web.extra_hosts[0]: bad host name ''");
}

TEST(ComposeDevices, ShortAndLongFormsAreNormalized) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: nginx
    devices:
      - "/dev/ttyUSB0"
      - "/dev/sda:/dev/xvda"
      - "/dev/sdb:/dev/xvdb:r"
      - source: /dev/fuse
        target: /dev/fuse
      - source: /dev/kvm
        target: /dev/kvm
        permissions: rw
)");
  EXPECT_EQ(service_yaml(p), R"(  web:
    devices:
      - source: /dev/ttyUSB0
        target: /dev/ttyUSB0
        permissions: rwm
      - source: /dev/sda
        target: /dev/xvda
        permissions: rwm
      - source: /dev/sdb
        target: /dev/xvdb
        permissions: r
      - source: /dev/fuse
        target: /dev/fuse
      - source: /dev/kvm
        target: /dev/kvm
        permissions: rw
    image: nginx
    networks:
      default: null
)");
  OrderedJson json = project_json(p.load(), ModelFormat::json);
  EXPECT_EQ(json["services"]["web"]["devices"][1].dump(),
            R"({"source":"/dev/sda","target":"/dev/xvda","permissions":"rwm"})");
}

TEST(ComposeDevices, OneEntryPerTargetTheLaterInTheEarliersPlace) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    devices: [\"/dev/a:/dev/x\", \"/dev/b\"]\n");
  p.write("override.yaml", "services:\n  web:\n    devices: [\"/dev/c:/dev/x:r\"]\n");
  p.options.files = {"compose.yaml", "override.yaml"};
  EXPECT_EQ(project_json(p.load())["services"]["web"]["devices"].dump(),
            R"([{"source":"/dev/c","target":"/dev/x","permissions":"r"},)"
            R"({"source":"/dev/b","target":"/dev/b","permissions":"rwm"}])");
}

TEST(ComposeDevices, ErrorsAsComposeWordsThem) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: nginx\n    devices: [\"a:b:c:d\"]\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.web.devices[0]: confusing device mapping, please use long "
            "syntax: a:b:c:d");
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    devices:\n      - source: /dev/a\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:5: services.web.devices[0]: service device is missing a mount target");
}

TEST(ComposeDevices, AreKeptAmongTheAttributesBerthDoesNotActOn) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: nginx\n    devices: [\"/dev/fuse\"]\n");
  EXPECT_TRUE(p.load().services.at("web").other_attributes.contains("devices"));
}

}  // namespace hosts_devices_test
}  // namespace berth::compose
