#pragma once
// The -p/--publish and -P syntax of `docker run`, parsed as Docker's CLI does
// (go-connections' nat.ParsePortSpec), and the lines `berth port` prints.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "network/network_record.hpp"

namespace berth::network {

// What one -p value asks for, with ranges expanded into one binding per container port.
struct PublishSpec {
  std::vector<PortBinding> bindings;
  // Set only for a host range with a single container port ("8000-8010:80"): the one
  // binding then has host_port 0 and the manager allocates a free host port from this
  // inclusive range instead of from the ephemeral ones.
  std::optional<std::pair<uint16_t, uint16_t>> host_range;
};

// Parses `[ip:][host_port[-end]:]container_port[-end][/proto]`: "80", "8080:80",
// "127.0.0.1:8080:80", "127.0.0.1::80", "8000-8010:8000-8010", "8000-8010", "8000-8010:80",
// with "/tcp" or "/udp". A missing host port is 0 (allocate one). "0.0.0.0" becomes "".
// Throws InvalidArgumentError with Docker's messages ("invalid containerPort: x",
// "invalid hostPort: x", "invalid proto: x", "invalid IP address: x", "invalid ranges
// specified for container and host Ports: a and b"); IPv6 host addresses and sctp say that
// they are not supported yet.
PublishSpec parse_publish(std::string_view value);

// parse_publish for callers that keep plain bindings (PortBinding has no room for a host
// range): the same, but a host range with a single container port is InvalidArgumentError
// "... is not supported yet" rather than silently narrowed to one port.
std::vector<PortBinding> parse_publish_spec(std::string_view value);

// -P: one binding with a random host port (0) per key of the image's ExposedPorts
// ("80/tcp", "53/udp", "8000-8001/tcp"), sorted by container port then protocol. sctp ports
// are left out: they cannot be published yet, and an image declaring one still runs.
std::vector<PortBinding> exposed_ports_to_bindings(const std::vector<std::string>& exposed);

// `berth port`'s line for a binding: "80/tcp -> 0.0.0.0:8080". Docker adds a "[::]:8080"
// line for IPv6; Berth binds IPv4 only.
std::string format_port_line(const PortBinding& binding);

}  // namespace berth::network
