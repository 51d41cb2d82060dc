#include "runtime/name_resolution_options.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.exit_code(), 125);
    return e.what();
  }
  return "";
}

TEST(ExtraHost, ColonOrEqualsBracketsAndHostGateway) {
  EXPECT_EQ(validate_extra_host("db:10.0.0.9"), "db:10.0.0.9");
  EXPECT_EQ(validate_extra_host("db=10.0.0.9"), "db:10.0.0.9");
  EXPECT_EQ(validate_extra_host("v6:::1"), "v6:::1");
  EXPECT_EQ(validate_extra_host("v6=[::1]"), "v6:::1");
  EXPECT_EQ(validate_extra_host("gw:host-gateway"), "gw:host-gateway");
  auto split = split_extra_host("v6:2001:db8::1");
  EXPECT_EQ(split.name, "v6");
  EXPECT_EQ(split.ip, "2001:db8::1");
}

TEST(ExtraHost, ErrorsAreDockersWording) {
  EXPECT_EQ(error_of([] { validate_extra_host("db"); }), "bad format for add-host: \"db\"");
  EXPECT_EQ(error_of([] { validate_extra_host(":10.0.0.1"); }),
            "bad format for add-host: \":10.0.0.1\"");
  EXPECT_EQ(error_of([] { validate_extra_host("a:b=1.2.3.4"); }),
            "bad format for add-host: \"a:b=1.2.3.4\"");
  EXPECT_EQ(error_of([] { validate_extra_host("db:nowhere"); }),
            "invalid IP address in add-host: \"nowhere\"");
}

TEST(DnsOptions, ServersAreAddressesInCanonicalForm) {
  EXPECT_EQ(validate_dns_server("8.8.8.8"), "8.8.8.8");
  EXPECT_EQ(validate_dns_server(" 0:0:0:0:0:0:0:1 "), "::1");
  EXPECT_EQ(error_of([] { validate_dns_server("dns.google"); }),
            "IP address is not correctly formatted: dns.google");
}

TEST(DnsOptions, SearchDomainsAreDomainsOrADot) {
  EXPECT_EQ(validate_dns_search("example.com."), "example.com");
  EXPECT_EQ(validate_dns_search("."), ".");
  EXPECT_EQ(validate_dns_search("corp"), "corp");
  EXPECT_EQ(error_of([] { validate_dns_search("123"); }), "123 is not a valid domain");
  EXPECT_EQ(error_of([] { validate_dns_search("-bad.com"); }), "-bad.com is not a valid domain");
}

}  // namespace
}  // namespace berth::runtime
