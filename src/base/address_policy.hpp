#pragma once
// Which addresses a tenant's fetches (a Space build's ADD and git, its registry pulls) may
// connect to: public unicast ones only, never
// loopback, link-local (cloud metadata), private, shared (CGNAT), multicast, reserved, or the
// host's own addresses. Checked on the address actually connected, after every redirect.
#include <sys/socket.h>

#include <string>
#include <string_view>

namespace berth {

enum class AddressClass {
  kPublic,
  kLoopback,
  kLinkLocal,
  kPrivate,  // RFC 1918, 100.64/10, fc00::/7, fec0::/10
  kUnspecified,
  kMulticast,
  kReserved,  // documentation, benchmarking, 240/4, broadcast, ...
};

// The class of an AF_INET or AF_INET6 address (IPv4-mapped and NAT64 IPv6 addresses are
// judged by the IPv4 address inside). Other families are kReserved.
AddressClass classify_address(const sockaddr* address);

// "loopback", "link-local", ... for errors.
std::string_view describe(AddressClass c);

// Whether the address is one of this host's interface addresses.
bool is_host_address(const sockaddr* address);

// The numeric text of an address ("127.0.0.1", "fe80::1").
std::string address_text(const sockaddr* address);

// Empty when a public-only fetch may connect to `address`; else why not ("127.0.0.1 is a
// loopback address").
std::string refuse_reason(const sockaddr* address);

}  // namespace berth
