#include "build/dockerfile/exposed_port.hpp"

#include <optional>

#include "base/error.hpp"
#include "build/dockerfile/ascii_case.hpp"

namespace berth::build {

namespace {

std::optional<std::uint16_t> port_number(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  unsigned n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  if (n > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(n);
}

}  // namespace

ExposedPort parse_exposed_port(std::string_view spec) {
  ExposedPort port;
  std::string_view numbers = spec;
  auto slash = spec.find('/');
  if (slash != std::string_view::npos) {
    numbers = spec.substr(0, slash);
    std::string protocol = ascii_lower(spec.substr(slash + 1));
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") {
      throw InvalidArgumentError("invalid proto: " + std::string(spec.substr(slash + 1)));
    }
    port.protocol = protocol;
  }
  auto dash = numbers.find('-');
  auto first = port_number(numbers.substr(0, dash));
  auto last = dash == std::string_view::npos ? first : port_number(numbers.substr(dash + 1));
  if (!first || !last || *last < *first) {
    throw InvalidArgumentError("invalid containerPort: " + std::string(numbers));
  }
  port.first = *first;
  port.last = *last;
  return port;
}

}  // namespace berth::build
