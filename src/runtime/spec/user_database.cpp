#include "runtime/spec/user_database.hpp"

#include <algorithm>
#include <charconv>

#include "base/error.hpp"
#include "base/go_parse_int.hpp"

namespace berth::runtime {
namespace {

constexpr int64_t kMaxId = 2147483647;  // runc refuses ids that do not fit a signed 32-bit int

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

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\v\f";
  auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Go's strconv.Atoi, which decides whether a user spec is numeric.
std::optional<int64_t> numeric_value(std::string_view s) {
  auto parsed = go_parse_int(s);
  if (parsed.failure) return std::nullopt;
  return parsed.value;
}

// An id field of the files: plain digits in range. Malformed lines are skipped, never read
// as 0 (which would make a broken entry root).
std::optional<uint32_t> parse_file_id(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  auto v = numeric_value(s);
  if (!v || *v > kMaxId) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
  for (auto line : split(text, '\n')) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    f(split(line, ':'));
  }
}

}  // namespace

std::vector<PasswdEntry> parse_passwd(std::string_view text) {
  std::vector<PasswdEntry> out;
  for_each_line(text, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 4) return;
    auto uid = parse_file_id(f[2]), gid = parse_file_id(f[3]);
    if (!uid || !gid) return;
    out.push_back({std::string(f[0]), *uid, *gid, f.size() > 5 ? std::string(f[5]) : ""});
  });
  return out;
}

std::vector<GroupEntry> parse_group(std::string_view text) {
  std::vector<GroupEntry> out;
  for_each_line(text, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    auto gid = parse_file_id(f[2]);
    if (!gid) return;
    GroupEntry g{std::string(f[0]), *gid, {}};
    if (f.size() > 3) {
      for (auto m : split(f[3], ',')) {
        m = trim(m);
        if (!m.empty()) g.members.emplace_back(m);
      }
    }
    out.push_back(std::move(g));
  });
  return out;
}

namespace {

uint32_t checked_id(int64_t id) {
  if (id < 0 || id > kMaxId) throw Error("uids and gids must be in range 0-2147483647", 125);
  return static_cast<uint32_t>(id);
}

}  // namespace

ExecUser resolve_exec_user(std::string_view spec, const std::optional<std::string>& passwd,
                           const std::optional<std::string>& group) {
  // "user:group"; anything after a second ':' is ignored, as runc does.
  auto parts = split(spec, ':');
  std::string user_arg(parts[0]);
  std::string group_arg(parts.size() > 1 ? parts[1] : "");
  auto numeric_uid = numeric_value(user_arg);
  auto numeric_gid = numeric_value(group_arg);

  ExecUser out;
  auto users = parse_passwd(passwd.value_or(""));
  const PasswdEntry* matched = nullptr;
  for (const auto& u : users) {
    bool hit = user_arg.empty() ? u.uid == 0
               : numeric_uid    ? static_cast<int64_t>(u.uid) == *numeric_uid
                                : u.name == user_arg;
    if (hit) {
      matched = &u;  // the first entry wins, even if more match
      break;
    }
  }
  if (matched) {
    out.uid = matched->uid;
    out.gid = matched->gid;
    if (!matched->home.empty()) out.home = matched->home;
  } else if (!user_arg.empty()) {
    if (!numeric_uid) {
      throw Error("unable to find user " + user_arg + ": no matching entries in passwd file", 125);
    }
    out.uid = checked_id(*numeric_uid);  // a numeric user needs no passwd entry
  }

  if (group_arg.empty() && !matched) return out;
  auto groups = parse_group(group.value_or(""));
  if (!group_arg.empty()) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const GroupEntry& g) {
      return numeric_gid ? static_cast<int64_t>(g.gid) == *numeric_gid : g.name == group_arg;
    });
    if (it != groups.end()) {
      out.gid = it->gid;
    } else if (numeric_gid) {
      out.gid = checked_id(*numeric_gid);
    } else {
      throw Error("unable to find group " + group_arg + ": no matching entries in group file", 125);
    }
    return out;  // an explicit group means no supplementary groups
  }
  for (const auto& g : groups) {
    if (std::find(g.members.begin(), g.members.end(), matched->name) != g.members.end()) {
      out.supplementary_gids.push_back(g.gid);
    }
  }
  return out;
}

}  // namespace berth::runtime
