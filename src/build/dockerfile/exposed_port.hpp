#pragma once
// EXPOSE values: "80", "80/udp", "8000-8010/tcp" (protocol tcp, udp or sctp; tcp by default).
#include <cstdint>
#include <string>
#include <string_view>

namespace berth::build {

struct ExposedPort {
  std::uint16_t first = 0;
  std::uint16_t last = 0;  // == first unless a range
  std::string protocol = "tcp";
};

// Throws InvalidArgumentError: "invalid containerPort: abc", "invalid proto: xyz".
ExposedPort parse_exposed_port(std::string_view spec);

}  // namespace berth::build
