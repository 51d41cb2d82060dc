#include "network/ipv4.hpp"

#include <charconv>

#include "base/error.hpp"

namespace berth::network {
namespace {

// One decimal octet: 1-3 digits, no sign, no leading zero, at most 255.
std::optional<uint32_t> parse_octet(std::string_view s) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint32_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > 255) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Ipv4Address> Ipv4Address::try_parse(std::string_view text) {
  uint32_t value = 0;
  std::string_view rest = text;
  for (int i = 0; i < 4; ++i) {
    size_t dot = rest.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    auto octet = parse_octet(rest.substr(0, dot));
    if (!octet) return std::nullopt;
    value = (value << 8) | *octet;
    rest = i < 3 ? rest.substr(dot + 1) : std::string_view();
  }
  return Ipv4Address(value);
}

Ipv4Address Ipv4Address::parse(std::string_view text) {
  if (auto a = try_parse(text)) return *a;
  throw InvalidArgumentError("invalid IP address: " + std::string(text));
}

std::string Ipv4Address::to_string() const {
  return std::to_string(octet(0)) + "." + std::to_string(octet(1)) + "." +
         std::to_string(octet(2)) + "." + std::to_string(octet(3));
}

Ipv4Subnet::Ipv4Subnet(Ipv4Address network, int prefix_length)
    : network_(network), prefix_(prefix_length) {
  if (prefix_length < 0 || prefix_length > 32) {
    throw InvalidArgumentError("invalid CIDR address: " + network.to_string() + "/" +
                               std::to_string(prefix_length));
  }
  if ((network.value() & mask()) != network.value()) {
    Ipv4Subnet normal(Ipv4Address(network.value() & mask()), prefix_length);
    throw InvalidArgumentError("invalid subnet " + network.to_string() + "/" +
                               std::to_string(prefix_length) + ": it should be " +
                               normal.to_string());
  }
}

Ipv4Subnet Ipv4Subnet::parse(std::string_view cidr) {
  std::string text(cidr);
  if (text.find(':') != std::string::npos) {
    throw InvalidArgumentError("IPv6 subnets are not supported yet: " + text);
  }
  size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) throw InvalidArgumentError("invalid CIDR address: " + text);
  auto address = Ipv4Address::try_parse(cidr.substr(0, slash));
  std::string_view bits = cidr.substr(slash + 1);
  int prefix = -1;
  // Go accepts at most "32" with no sign and no leading zero.
  bool digits_ok = !bits.empty() && bits.size() <= 2 && !(bits.size() > 1 && bits[0] == '0');
  if (digits_ok) {
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (ec != std::errc() || end != bits.data() + bits.size()) prefix = -1;
  }
  if (!address || prefix < 0 || prefix > 32) {
    throw InvalidArgumentError("invalid CIDR address: " + text);
  }
  return Ipv4Subnet(*address, prefix);
}

uint32_t Ipv4Subnet::mask() const {
  return prefix_ == 0 ? 0 : ~uint32_t{0} << (32 - prefix_);
}

Ipv4Address Ipv4Subnet::broadcast() const {
  return Ipv4Address(network_.value() | ~mask());
}

std::string Ipv4Subnet::to_string() const {
  return network_.to_string() + "/" + std::to_string(prefix_);
}

bool Ipv4Subnet::contains(Ipv4Address address) const {
  return (address.value() & mask()) == network_.value();
}

bool Ipv4Subnet::overlaps(const Ipv4Subnet& other) const {
  // Two prefixes overlap exactly when the shorter one contains the other's network.
  return prefix_ <= other.prefix_ ? contains(other.network_) : other.contains(network_);
}

uint64_t Ipv4Subnet::host_count() const {
  if (prefix_ >= 31) return 0;
  return (uint64_t{1} << (32 - prefix_)) - 2;
}

Ipv4Address Ipv4Subnet::nth_host(uint64_t n) const {
  if (n == 0 || n > host_count()) {
    throw InvalidArgumentError("subnet " + to_string() + " has no host number " +
                               std::to_string(n));
  }
  return network_ + static_cast<uint32_t>(n);
}

bool Ipv4Subnet::is_host(Ipv4Address address) const {
  return prefix_ < 31 && contains(address) && address != network_ && address != broadcast();
}

}  // namespace berth::network
