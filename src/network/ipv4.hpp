#pragma once
// IPv4 addresses and subnets as the network layer needs them: parsing what users and
// berth.db hold, and the arithmetic of address allocation. IPv6 is not supported yet.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::network {

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(uint32_t value) : value_(value) {}

  // Dotted quad, four decimal octets without leading zeros (Go's net.ParseIP, which Docker
  // uses, refuses "010.0.0.1" since it is octal to some tools). Throws InvalidArgumentError
  // "invalid IP address: TEXT".
  static Ipv4Address parse(std::string_view text);
  static std::optional<Ipv4Address> try_parse(std::string_view text);

  constexpr uint32_t value() const { return value_; }
  std::string to_string() const;
  // Byte `i` (0 = leftmost) of the address.
  constexpr uint8_t octet(int i) const { return static_cast<uint8_t>(value_ >> (24 - 8 * i)); }

  // Wraps around past 255.255.255.255; callers stay inside a subnet.
  constexpr Ipv4Address operator+(uint32_t offset) const { return Ipv4Address(value_ + offset); }
  constexpr auto operator<=>(const Ipv4Address&) const = default;

 private:
  uint32_t value_ = 0;
};

class Ipv4Subnet {
 public:
  // Throws InvalidArgumentError when `network` has host bits set or the prefix is over 32.
  Ipv4Subnet(Ipv4Address network, int prefix_length);

  // "10.88.0.0/16". Errors use Docker's wording: "invalid CIDR address: X" for malformed
  // text, "invalid subnet 10.88.0.1/16: it should be 10.88.0.0/16" for host bits.
  static Ipv4Subnet parse(std::string_view cidr);

  Ipv4Address network() const { return network_; }
  int prefix_length() const { return prefix_; }
  uint32_t mask() const;
  Ipv4Address broadcast() const;
  std::string to_string() const;

  bool contains(Ipv4Address address) const;
  bool overlaps(const Ipv4Subnet& other) const;

  // Addresses a container or the gateway may hold: all but the network and broadcast
  // addresses. A /31 or /32 has none: a bridge network needs a gateway and a container.
  uint64_t host_count() const;
  // Host `n`, counting from 1: the network address plus n. InvalidArgumentError unless
  // 1 <= n <= host_count().
  Ipv4Address nth_host(uint64_t n) const;
  // The first host: the default gateway (x.x.x.1 in the usual subnets).
  Ipv4Address first_host() const { return nth_host(1); }
  // Whether `address` is one of the hosts above.
  bool is_host(Ipv4Address address) const;

  bool operator==(const Ipv4Subnet&) const = default;

 private:
  Ipv4Address network_;
  int prefix_ = 0;
};

}  // namespace berth::network
