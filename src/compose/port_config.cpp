#include "compose/port_config.hpp"

#include <cctype>

#include "compose/colon_fields.hpp"

namespace berth::compose {
namespace {

std::optional<uint32_t> port_number(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  uint32_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  if (n > 65535) return std::nullopt;
  return n;
}

struct Range {
  uint32_t first = 0, last = 0;
};

std::optional<Range> port_range(std::string_view s) {
  auto dash = s.find('-');
  if (dash == std::string_view::npos) {
    auto p = port_number(s);
    if (!p) return std::nullopt;
    return Range{*p, *p};
  }
  auto a = port_number(s.substr(0, dash));
  auto b = port_number(s.substr(dash + 1));
  if (!a || !b || *b < *a) return std::nullopt;
  return Range{*a, *b};
}

bool valid_ip(std::string_view ip) {
  if (ip.empty()) return false;
  if (ip.find(':') != std::string_view::npos) {
    for (char c : ip) {
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    }
    return true;
  }
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = ip.find('.', start);
    auto part = ip.substr(start, dot == std::string_view::npos ? dot : dot - start);
    auto n = port_number(part);
    if (!n || *n > 255 || part.size() > 3) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

std::optional<std::vector<PortConfig>> parse_port_spec(std::string_view spec) {
  std::string protocol = "tcp";
  if (auto slash = spec.rfind('/'); slash != std::string_view::npos) {
    protocol = std::string(spec.substr(slash + 1));
    spec = spec.substr(0, slash);
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") return std::nullopt;
  }
  std::string host_ip;
  // An IPv6 host address is written in brackets: "[::1]:8080:80".
  if (spec.starts_with('[')) {
    auto close = spec.find(']');
    if (close == std::string_view::npos || close + 1 >= spec.size() || spec[close + 1] != ':') {
      return std::nullopt;
    }
    host_ip = std::string(spec.substr(1, close - 1));
    if (!valid_ip(host_ip)) return std::nullopt;
    spec = spec.substr(close + 2);
    if (spec.find(':') == std::string_view::npos) return std::nullopt;
  }
  const std::vector<std::string_view> parts = colon_fields(spec);
  std::string_view published, container;
  switch (parts.size()) {
    case 1:
      container = parts[0];
      break;
    case 2:
      published = parts[0];
      container = parts[1];
      break;
    case 3:
      if (!host_ip.empty()) return std::nullopt;
      host_ip = std::string(parts[0]);
      if (!valid_ip(host_ip)) return std::nullopt;
      published = parts[1];
      container = parts[2];
      break;
    default:
      return std::nullopt;
  }
  auto target = port_range(container);
  if (!target) return std::nullopt;
  std::optional<Range> host;
  if (!published.empty()) {
    host = port_range(published);
    if (!host) return std::nullopt;
    uint32_t targets = target->last - target->first;
    uint32_t hosts = host->last - host->first;
    // A single container port may be published on any port of a host range.
    if (targets != 0 && targets != hosts) return std::nullopt;
  }
  if (target->last - target->first > 65535) return std::nullopt;
  std::vector<PortConfig> out;
  for (uint32_t p = target->first; p <= target->last; ++p) {
    PortConfig port;
    port.host_ip = host_ip;
    port.target = p;
    port.protocol = protocol;
    if (host) {
      if (target->first == target->last && host->first != host->last) {
        port.published = std::to_string(host->first) + "-" + std::to_string(host->last);
      } else {
        port.published = std::to_string(host->first + (p - target->first));
      }
    }
    out.push_back(std::move(port));
  }
  return out;
}

}  // namespace berth::compose
