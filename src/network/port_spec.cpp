#include "network/port_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>

#include "base/error.hpp"
#include "network/ipv4.hpp"

namespace berth::network {
namespace {

struct PortRange {
  uint16_t first = 0;
  uint16_t last = 0;
};

// One port as Go's strconv.ParseUint(s, 10, 16): digits only, at most 65535.
std::optional<uint16_t> parse_port(std::string_view s) {
  if (s.empty()) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

// "80" or "8000-8010" (nat.ParsePortRange); nullopt when malformed or reversed.
std::optional<PortRange> parse_range(std::string_view s) {
  size_t dash = s.find('-');
  if (dash == std::string_view::npos) {
    auto port = parse_port(s);
    if (!port) return std::nullopt;
    return PortRange{*port, *port};
  }
  auto first = parse_port(s.substr(0, dash));
  auto last = parse_port(s.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  return PortRange{*first, *last};
}

// Splits on ':' as nat's splitParts: the last part is the container port, the one before
// it the host port, and everything earlier (which may hold colons: IPv6) the host IP.
std::tuple<std::string, std::string, std::string> split_parts(std::string_view raw) {
  size_t last = raw.rfind(':');
  if (last == std::string_view::npos) return {"", "", std::string(raw)};
  std::string container(raw.substr(last + 1));
  std::string_view before = raw.substr(0, last);
  size_t second = before.rfind(':');
  if (second == std::string_view::npos) return {"", std::string(before), container};
  return {std::string(before.substr(0, second)), std::string(before.substr(second + 1)), container};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// nat's SplitProtoPort: "80/udp" -> {udp, 80}; no or empty protocol means tcp.
std::pair<std::string, std::string> split_proto_port(const std::string& raw) {
  size_t slash = raw.find('/');
  if (slash == std::string::npos) return {"tcp", raw};
  std::string proto = raw.substr(slash + 1);
  return {proto.empty() ? "tcp" : lower(proto), raw.substr(0, slash)};
}

void check_proto(const std::string& proto) {
  if (proto == "sctp") throw InvalidArgumentError("publishing sctp ports is not supported yet");
  if (proto != "tcp" && proto != "udp") throw InvalidArgumentError("invalid proto: " + proto);
}

// The host IP as a PortBinding holds it: "" for every address.
std::string normalize_host_ip(std::string ip) {
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  if (ip.find(':') != std::string::npos) {
    throw InvalidArgumentError("IPv6 host addresses are not supported yet: " + ip);
  }
  if (ip.empty()) return ip;
  auto address = Ipv4Address::try_parse(ip);
  if (!address) throw InvalidArgumentError("invalid IP address: " + ip);
  return address->value() == 0 ? "" : ip;
}

}  // namespace

PublishSpec parse_publish(std::string_view value) {
  auto [raw_ip, host_port, raw_container] = split_parts(value);
  auto [proto, container_port] = split_proto_port(raw_container);
  if (container_port.empty()) {
    throw InvalidArgumentError("no port specified: " + std::string(value) + "<empty>");
  }
  check_proto(proto);
  std::string ip = normalize_host_ip(raw_ip);

  auto container = parse_range(container_port);
  // Port 0 inside the container is no port: Docker's daemon refuses it too.
  if (!container || container->first == 0) {
    throw InvalidArgumentError("invalid containerPort: " + container_port);
  }
  std::optional<PortRange> host;
  if (!host_port.empty()) {
    host = parse_range(host_port);
    if (!host) throw InvalidArgumentError("invalid hostPort: " + host_port);
    bool same_width = host->last - host->first == container->last - container->first;
    // A host range with a single container port is a range to allocate one port from.
    if (!same_width && container->first != container->last) {
      throw InvalidArgumentError("invalid ranges specified for container and host Ports: " +
                                 container_port + " and " + host_port);
    }
  }

  PublishSpec spec;
  for (uint32_t port = container->first; port <= container->last; ++port) {
    PortBinding b;
    b.protocol = proto;
    b.host_ip = ip;
    b.container_port = static_cast<uint16_t>(port);
    if (host && host->first == host->last) {
      b.host_port = host->first;
    } else if (host && container->first != container->last) {
      b.host_port = static_cast<uint16_t>(host->first + (port - container->first));
    }
    spec.bindings.push_back(b);
  }
  if (host && host->first != host->last && container->first == container->last) {
    spec.host_range = std::make_pair(host->first, host->last);
  }
  return spec;
}

std::vector<PortBinding> parse_publish_spec(std::string_view value) {
  auto spec = parse_publish(value);
  if (spec.host_range) {
    for (auto& b : spec.bindings) {
      b.host_port = spec.host_range->first;
      b.host_port_last = spec.host_range->second;
    }
  }
  return std::move(spec.bindings);
}

std::vector<PortBinding> exposed_ports_to_bindings(const std::vector<std::string>& exposed) {
  std::vector<PortBinding> out;
  for (const auto& key : exposed) {
    auto [proto, port] = split_proto_port(key);
    if (proto == "sctp") continue;
    if (proto != "tcp" && proto != "udp") throw InvalidArgumentError("invalid proto: " + proto);
    auto range = parse_range(port);
    if (!range || range->first == 0) {
      throw InvalidArgumentError("invalid containerPort: " + port);
    }
    for (uint32_t p = range->first; p <= range->last; ++p) {
      PortBinding b;
      b.protocol = proto;
      b.container_port = static_cast<uint16_t>(p);
      out.push_back(b);
    }
  }
  std::sort(out.begin(), out.end(), [](const PortBinding& a, const PortBinding& b) {
    return std::tie(a.container_port, a.protocol) < std::tie(b.container_port, b.protocol);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const PortBinding& a, const PortBinding& b) {
                          return a.container_port == b.container_port && a.protocol == b.protocol;
                        }),
            out.end());
  return out;
}

std::string format_port_line(const PortBinding& b) {
  return std::to_string(b.container_port) + "/" + b.protocol + " -> " +
         (b.host_ip.empty() ? "0.0.0.0" : b.host_ip) + ":" + std::to_string(b.host_port);
}

}  // namespace berth::network
