#include "base/address_policy.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>

namespace berth {
namespace {

// An AF_INET or AF_INET6 sockaddr for a numeric address.
sockaddr_storage address(const char* text) {
  sockaddr_storage s{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&s);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&s);
  if (::inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
  } else if (::inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
  } else {
    ADD_FAILURE() << "not an address: " << text;
  }
  return s;
}

AddressClass class_of(const char* text) {
  auto s = address(text);
  return classify_address(reinterpret_cast<const sockaddr*>(&s));
}

TEST(AddressPolicy, PublicAddressesPass) {
  for (const char* a : {"1.1.1.1", "8.8.8.8", "93.184.216.34", "172.15.255.255", "172.32.0.1",
                        "100.63.255.255", "100.128.0.1", "2606:4700::1111", "2a00:1450::1"}) {
    EXPECT_EQ(class_of(a), AddressClass::kPublic) << a;
  }
}

TEST(AddressPolicy, LoopbackLinkLocalAndPrivateAreRefused) {
  EXPECT_EQ(class_of("127.0.0.1"), AddressClass::kLoopback);
  EXPECT_EQ(class_of("127.255.0.9"), AddressClass::kLoopback);
  EXPECT_EQ(class_of("::1"), AddressClass::kLoopback);
  EXPECT_EQ(class_of("169.254.169.254"), AddressClass::kLinkLocal);  // cloud metadata
  EXPECT_EQ(class_of("fe80::1"), AddressClass::kLinkLocal);
  EXPECT_EQ(class_of("febf::1"), AddressClass::kLinkLocal);
  for (const char* a : {"10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1",
                        "100.127.255.255", "fc00::1", "fd12:3456::1", "fec0::1"}) {
    EXPECT_EQ(class_of(a), AddressClass::kPrivate) << a;
  }
}

TEST(AddressPolicy, UnspecifiedMulticastAndReservedAreRefused) {
  EXPECT_EQ(class_of("0.0.0.0"), AddressClass::kUnspecified);
  EXPECT_EQ(class_of("0.1.2.3"), AddressClass::kUnspecified);
  EXPECT_EQ(class_of("::"), AddressClass::kUnspecified);
  EXPECT_EQ(class_of("224.0.0.1"), AddressClass::kMulticast);
  EXPECT_EQ(class_of("239.255.255.250"), AddressClass::kMulticast);
  EXPECT_EQ(class_of("ff02::1"), AddressClass::kMulticast);
  EXPECT_EQ(class_of("255.255.255.255"), AddressClass::kReserved);
  EXPECT_EQ(class_of("240.0.0.1"), AddressClass::kReserved);
  EXPECT_EQ(class_of("192.0.2.1"), AddressClass::kReserved);
  EXPECT_EQ(class_of("2001:db8::1"), AddressClass::kReserved);
}

TEST(AddressPolicy, IpV4InsideIpV6IsJudgedAsIpV4) {
  EXPECT_EQ(class_of("::ffff:127.0.0.1"), AddressClass::kLoopback);
  EXPECT_EQ(class_of("::ffff:169.254.169.254"), AddressClass::kLinkLocal);
  EXPECT_EQ(class_of("::ffff:10.1.2.3"), AddressClass::kPrivate);
  EXPECT_EQ(class_of("::ffff:8.8.8.8"), AddressClass::kPublic);
  EXPECT_EQ(class_of("64:ff9b::192.168.0.1"), AddressClass::kPrivate);  // NAT64
  EXPECT_EQ(class_of("::127.0.0.1"), AddressClass::kReserved);          // IPv4-compatible
}

TEST(AddressPolicy, RefuseReasonNamesTheAddressAndItsClass) {
  auto loop = address("127.0.0.1");
  EXPECT_EQ(refuse_reason(reinterpret_cast<const sockaddr*>(&loop)),
            "127.0.0.1 is a loopback address");
  auto meta = address("169.254.169.254");
  EXPECT_EQ(refuse_reason(reinterpret_cast<const sockaddr*>(&meta)),
            "169.254.169.254 is a link-local address");
  auto pub = address("1.1.1.1");
  EXPECT_EQ(refuse_reason(reinterpret_cast<const sockaddr*>(&pub)), "");
}

}  // namespace
}  // namespace berth
