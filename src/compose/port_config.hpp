#pragma once
// A service's published or exposed port in compose's long form. Every short form
// ("80", "8080:80", "127.0.0.1:8080:80/udp", "8000-8002:80-82", "127.0.0.1::80") is
// normalized into one PortConfig per container port.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::compose {

struct PortConfig {
  std::string name;
  std::string mode = "ingress";
  std::string host_ip;
  uint32_t target = 0;
  std::string published;  // a port or a range ("8000-8002"), empty when the engine picks
  std::string protocol = "tcp";
  std::string app_protocol;
};

// nullopt when `spec` is not a valid short form.
std::optional<std::vector<PortConfig>> parse_port_spec(std::string_view spec);

}  // namespace berth::compose
