#include "build/context/ownership.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "base/error.hpp"
#include "runtime/spec/rootfs_file.hpp"
#include "runtime/spec/user_database.hpp"

namespace berth::build {
namespace {

// Go's strconv.ParseUint(s, 10, 32), which BuildKit uses to tell ids from names.
std::optional<uint32_t> parse_id(std::string_view s) {
  if (s == "root") return 0u;
  if (s.empty()) return std::nullopt;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
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
    auto entries = runtime::parse_passwd(passwd.value_or(""));
    auto entry = std::find_if(entries.begin(), entries.end(),
                              [&](const runtime::PasswdEntry& e) { return e.name == user; });
    if (entry == entries.end()) {
      throw InvalidArgumentError("unable to find user " + std::string(user) +
                                 ": no matching entries in passwd file");
    }
    out = {entry->uid, entry->gid};
  }
  if (group_name) {
    if (auto id = parse_id(*group_name)) {
      out.gid = *id;
    } else {
      auto entries = runtime::parse_group(group.value_or(""));
      auto entry = std::find_if(entries.begin(), entries.end(), [&](const runtime::GroupEntry& e) {
        return e.name == *group_name;
      });
      if (entry == entries.end()) {
        throw InvalidArgumentError("unable to find group " + std::string(*group_name) +
                                   ": no matching entries in group file");
      }
      out.gid = entry->gid;
    }
  }
  return out;
}

Ownership resolve_chown_in_rootfs(std::string_view spec, const std::filesystem::path& rootfs) {
  return resolve_chown(spec, runtime::read_rootfs_file(rootfs, "/etc/passwd"),
                       runtime::read_rootfs_file(rootfs, "/etc/group"));
}

}  // namespace berth::build
