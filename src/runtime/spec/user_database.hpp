#pragma once
// Resolves `-u` / the image's USER against the image's own /etc/passwd and /etc/group, with
// the rules runc and Docker use: a numeric user needs no passwd entry, a name does; an explicit
// group replaces the primary group and drops the supplementary ones; otherwise every group
// that lists the user by name is a supplementary group.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

struct ExecUser {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> supplementary_gids;
  std::string home = "/";
};

// One line of /etc/passwd or /etc/group. Malformed lines (missing fields, ids that are not
// plain numbers in runc's range) are skipped, never read as 0, which would make them root.
struct PasswdEntry {
  std::string name;
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string home;
};
struct GroupEntry {
  std::string name;
  uint32_t gid = 0;
  std::vector<std::string> members;
};
std::vector<PasswdEntry> parse_passwd(std::string_view text);
std::vector<GroupEntry> parse_group(std::string_view text);

// `spec` is "", "name", "uid", "uid:gid", "name:group". `passwd`/`group` are the files' text,
// nullopt when missing (then only numeric ids resolve). Throws berth::Error (exit 125) with
// Docker's wording: "unable to find user x: no matching entries in passwd file".
ExecUser resolve_exec_user(std::string_view spec, const std::optional<std::string>& passwd,
                           const std::optional<std::string>& group);

}  // namespace berth::runtime
