#include "compose/volume_mount.hpp"

#include <fmt/format.h>

#include <vector>

#include "base/go_quote.hpp"
#include "compose/colon_fields.hpp"

namespace berth::compose {
namespace {

bool is_path(std::string_view s) {
  return s.starts_with('/') || s.starts_with('.') || s.starts_with('~') || s == "." ||
         s.find('/') != std::string_view::npos;
}

}  // namespace

VolumeSpecResult parse_volume_spec(std::string_view spec) {
  if (spec.empty()) return {std::nullopt, "invalid empty volume spec"};
  const std::vector<std::string_view> parts = colon_fields(spec);
  if (parts.size() > 3) {
    return {std::nullopt, fmt::format("invalid volume spec {}: too many colons", go_quote(spec))};
  }
  VolumeMount m;
  std::string_view mode;
  if (parts.size() == 1) {
    m.target = std::string(parts[0]);
    m.type = "volume";
  } else {
    m.source = std::string(parts[0]);
    m.target = std::string(parts[1]);
    if (parts.size() == 3) mode = parts[2];
    if (m.source.empty()) {
      return {std::nullopt, fmt::format("invalid volume spec {}: empty source", go_quote(spec))};
    }
    m.type = is_path(m.source) ? "bind" : "volume";
  }
  if (m.target.empty() || !m.target.starts_with('/')) {
    return {std::nullopt, fmt::format("invalid volume spec {}: the target must be an absolute path",
                                      go_quote(spec))};
  }
  size_t begin = 0;
  while (begin <= mode.size() && !mode.empty()) {
    size_t comma = mode.find(',', begin);
    std::string_view opt =
        mode.substr(begin, comma == std::string_view::npos ? comma : comma - begin);
    if (opt == "ro") {
      m.read_only = true;
    } else if (opt == "rw") {
    } else if (opt == "z" || opt == "Z") {
      m.has_bind = m.type == "bind";
      m.bind_selinux = std::string(opt);
    } else if (opt == "nocopy") {
      m.volume_nocopy = true;
    } else if (opt == "shared" || opt == "rshared" || opt == "slave" || opt == "rslave" ||
               opt == "private" || opt == "rprivate") {
      m.bind_propagation = std::string(opt);
    } else if (opt == "consistent" || opt == "cached" || opt == "delegated") {
      m.consistency = std::string(opt);
    } else {
      return {std::nullopt, fmt::format("invalid volume spec {}: unknown option {}", go_quote(spec),
                                        go_quote(opt))};
    }
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  if (m.type == "bind") {
    m.has_bind = true;
    m.bind_create_host_path = true;
  } else {
    m.has_volume = true;
  }
  return {m, ""};
}

}  // namespace berth::compose
