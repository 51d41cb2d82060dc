#include "build/context/ownership.hpp"

#include <charconv>
#include <vector>

#include "base/error.hpp"
#include "runtime/spec/rootfs_file.hpp"

namespace berth::build {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

// Go's strconv.ParseUint(s, 10, 32), which BuildKit uses to tell ids from names.
std::optional<uint32_t> parse_id(std::string_view s) {
  if (s == "root") return 0u;
  if (s.empty()) return std::nullopt;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// The first line of a passwd/group file whose first field is `name`, split on ':'.
std::optional<std::vector<std::string_view>> find_entry(std::string_view text,
                                                        std::string_view name, size_t min_fields) {
  for (auto line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, ':');
    if (fields.size() < min_fields || fields[0] != name) continue;
    return fields;
  }
  return std::nullopt;
}

uint32_t field_id(std::string_view field, std::string_view what) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size()) {
    throw InvalidArgumentError("invalid " + std::string(what) + " entry: id \"" +
                               std::string(field) + "\"");
  }
  return value;
}

}  // namespace

Ownership resolve_chown(std::string_view spec, const std::optional<std::string>& passwd,
                        const std::optional<std::string>& group) {
  // BuildKit splits once: "a:b:c" is user "a" and group "b:c".
  size_t colon = spec.find(':');
  std::string_view user = spec.substr(0, colon);
  std::optional<std::string_view> group_name;
  if (colon != std::string_view::npos) group_name = spec.substr(colon + 1);

  Ownership out;
  if (auto id = parse_id(user)) {
    out = {*id, *id};
  } else {
    auto entry = find_entry(passwd.value_or(""), user, 4);
    if (!entry) {
      throw InvalidArgumentError("unable to find user " + std::string(user) +
                                 ": no matching entries in passwd file");
    }
    out = {field_id((*entry)[2], "passwd"), field_id((*entry)[3], "passwd")};
  }
  if (group_name) {
    if (auto id = parse_id(*group_name)) {
      out.gid = *id;
    } else {
      auto entry = find_entry(group.value_or(""), *group_name, 3);
      if (!entry) {
        throw InvalidArgumentError("unable to find group " + std::string(*group_name) +
                                   ": no matching entries in group file");
      }
      out.gid = field_id((*entry)[2], "group");
    }
  }
  return out;
}

Ownership resolve_chown_in_rootfs(std::string_view spec, const std::filesystem::path& rootfs) {
  return resolve_chown(spec, runtime::read_rootfs_file(rootfs, "/etc/passwd"),
                       runtime::read_rootfs_file(rootfs, "/etc/group"));
}

}  // namespace berth::build
