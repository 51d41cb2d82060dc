#include "base/address_policy.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstring>

namespace berth {

namespace {

bool in_v4(uint32_t addr, uint32_t net, int bits) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (addr & mask) == (net & mask);
}

constexpr uint32_t v4(int a, int b, int c, int d) {
  return uint32_t(a) << 24 | uint32_t(b) << 16 | uint32_t(c) << 8 | uint32_t(d);
}

AddressClass classify_v4(uint32_t a) {                                 // host byte order
  if (in_v4(a, v4(0, 0, 0, 0), 8)) return AddressClass::kUnspecified;  // "this network"
  if (in_v4(a, v4(127, 0, 0, 0), 8)) return AddressClass::kLoopback;
  if (in_v4(a, v4(169, 254, 0, 0), 16)) return AddressClass::kLinkLocal;
  if (in_v4(a, v4(10, 0, 0, 0), 8) || in_v4(a, v4(172, 16, 0, 0), 12) ||
      in_v4(a, v4(192, 168, 0, 0), 16) || in_v4(a, v4(100, 64, 0, 0), 10)) {
    return AddressClass::kPrivate;
  }
  if (in_v4(a, v4(224, 0, 0, 0), 4)) return AddressClass::kMulticast;
  if (in_v4(a, v4(192, 0, 0, 0), 24) || in_v4(a, v4(192, 0, 2, 0), 24) ||
      in_v4(a, v4(198, 18, 0, 0), 15) || in_v4(a, v4(198, 51, 100, 0), 24) ||
      in_v4(a, v4(203, 0, 113, 0), 24) || in_v4(a, v4(240, 0, 0, 0), 4)) {
    return AddressClass::kReserved;  // 240/4 includes 255.255.255.255
  }
  return AddressClass::kPublic;
}

bool prefix_is(const uint8_t* a, std::initializer_list<uint8_t> prefix) {
  size_t i = 0;
  for (uint8_t b : prefix) {
    if (a[i++] != b) return false;
  }
  return true;
}

uint32_t v4_at(const uint8_t* a) {
  return uint32_t(a[0]) << 24 | uint32_t(a[1]) << 16 | uint32_t(a[2]) << 8 | uint32_t(a[3]);
}

AddressClass classify_v6(const uint8_t* a) {
  static const uint8_t zero[16] = {};
  if (std::memcmp(a, zero, 16) == 0) return AddressClass::kUnspecified;
  if (std::memcmp(a, zero, 15) == 0 && a[15] == 1) return AddressClass::kLoopback;
  // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address inside.
  if (std::memcmp(a, zero, 10) == 0 && a[10] == 0xff && a[11] == 0xff) {
    return classify_v4(v4_at(a + 12));
  }
  if (prefix_is(a, {0x00, 0x64, 0xff, 0x9b}) && std::memcmp(a + 4, zero, 8) == 0) {
    return classify_v4(v4_at(a + 12));
  }
  if (std::memcmp(a, zero, 12) == 0) return AddressClass::kReserved;  // ::a.b.c.d, deprecated
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;  // fe80::/10
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return AddressClass::kPrivate;    // fec0::/10
  if ((a[0] & 0xfe) == 0xfc) return AddressClass::kPrivate;                    // fc00::/7
  if (a[0] == 0xff) return AddressClass::kMulticast;
  if (prefix_is(a, {0x20, 0x01, 0x0d, 0xb8})) return AddressClass::kReserved;  // documentation
  if (prefix_is(a, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00})) {
    return AddressClass::kReserved;  // 100::/64, discard
  }
  return AddressClass::kPublic;
}

bool same_address(const sockaddr* a, const sockaddr* b) {
  if (a->sa_family != b->sa_family) return false;
  if (a->sa_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(a)->sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in*>(b)->sin_addr.s_addr;
  }
  if (a->sa_family == AF_INET6) {
    return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr,
                       &reinterpret_cast<const sockaddr_in6*>(b)->sin6_addr, 16) == 0;
  }
  return false;
}

}  // namespace

AddressClass classify_address(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    return classify_v4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    return classify_v6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr.s6_addr);
  }
  return AddressClass::kReserved;
}

std::string_view describe(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "unknown";
}

bool is_host_address(const sockaddr* address) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return true;  // cannot tell: refuse rather than guess
  bool found = false;
  for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
    if (i->ifa_addr && same_address(i->ifa_addr, address)) found = true;
  }
  ::freeifaddrs(list);
  return found;
}

std::string address_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text,
                sizeof text);
  } else if (address->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
                sizeof text);
  } else {
    return "an address of family " + std::to_string(address->sa_family);
  }
  return text;
}

std::string refuse_reason(const sockaddr* address) {
  AddressClass c = classify_address(address);
  if (c != AddressClass::kPublic) {
    return address_text(address) + " is a " + std::string(describe(c)) + " address";
  }
  if (is_host_address(address)) return address_text(address) + " is this host's address";
  return "";
}

}  // namespace berth
