// plan_process: Docker's ENTRYPOINT/CMD combination, user/group resolution from the image's
// own /etc/passwd and /etc/group, environment and working directory.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {
namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::vector<std::string> string_list(const Json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_array()) return {};
  std::vector<std::string> out;
  for (const auto& v : j[key]) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// Reads a file inside the container's rootfs. The rootfs is the image's, so its symlinks are
// untrusted: RESOLVE_IN_ROOT makes "/" and ".." stop at the rootfs.
std::optional<std::string> read_in_root(const std::filesystem::path& rootfs, const char* path) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) return std::nullopt;
  struct open_how how {};
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, root.get(), path, &how, sizeof how)));
  if (!fd.valid()) return std::nullopt;
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > (16 << 20)) break;  // no passwd file is this big
  }
  return out;
}

struct PasswdEntry {
  std::string name;
  uint32_t uid = 0, gid = 0;
  std::string home;
};
struct GroupEntry {
  std::string name;
  uint32_t gid = 0;
  std::vector<std::string> members;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::optional<uint32_t> parse_id(const std::string& s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), ::isdigit) || s.size() > 10)
    return std::nullopt;
  uint64_t v = std::stoull(s);
  if (v > 0xFFFFFFFFu) return std::nullopt;
  return static_cast<uint32_t>(v);
}

std::vector<PasswdEntry> parse_passwd(const std::string& text) {
  std::vector<PasswdEntry> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, ':');
    if (f.size() < 7) continue;
    auto uid = parse_id(f[2]), gid = parse_id(f[3]);
    if (!uid || !gid) continue;
    out.push_back({f[0], *uid, *gid, f[5]});
  }
  return out;
}

std::vector<GroupEntry> parse_group(const std::string& text) {
  std::vector<GroupEntry> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, ':');
    if (f.size() < 4) continue;
    auto gid = parse_id(f[2]);
    if (!gid) continue;
    std::vector<std::string> members;
    for (auto& m : split(f[3], ',')) {
      if (!m.empty()) members.push_back(m);
    }
    out.push_back({f[0], *gid, members});
  }
  return out;
}

void resolve_user(const ContainerConfig& c, ProcessPlan& plan, std::string& home) {
  std::string spec = c.user.empty() ? c.image_config.value("User", "") : c.user;
  auto passwd = parse_passwd(read_in_root(c.rootfs, "/etc/passwd").value_or(""));
  auto groups = parse_group(read_in_root(c.rootfs, "/etc/group").value_or(""));
  std::string user_part = spec.substr(0, spec.find(':'));
  std::optional<std::string> group_part;
  if (spec.find(':') != std::string::npos) group_part = spec.substr(spec.find(':') + 1);

  const PasswdEntry* entry = nullptr;
  if (user_part.empty()) user_part = "0";
  if (auto uid = parse_id(user_part)) {
    plan.uid = *uid;
    for (const auto& p : passwd) {
      if (p.uid == *uid) {
        entry = &p;
        break;
      }
    }
    plan.gid = entry ? entry->gid : 0;
  } else {
    for (const auto& p : passwd) {
      if (p.name == user_part) {
        entry = &p;
        break;
      }
    }
    if (!entry) {
      throw Error("unable to find user " + user_part + ": no matching entries in passwd file", 125);
    }
    plan.uid = entry->uid;
    plan.gid = entry->gid;
  }
  home = entry && !entry->home.empty() ? entry->home : "/";
  if (group_part) {
    if (auto gid = parse_id(*group_part)) {
      plan.gid = *gid;
    } else {
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const GroupEntry& g) { return g.name == *group_part; });
      if (it == groups.end()) {
        throw Error("unable to find group " + *group_part + ": no matching entries in group file",
                    125);
      }
      plan.gid = it->gid;
    }
  }
  // Supplementary groups: those listing the user by name (only when no group was forced).
  if (entry && !group_part) {
    for (const auto& g : groups) {
      if (g.gid != plan.gid &&
          std::find(g.members.begin(), g.members.end(), entry->name) != g.members.end()) {
        plan.additional_gids.push_back(g.gid);
      }
    }
  }
}

void set_env(std::vector<std::string>& env, const std::string& entry) {
  auto key = entry.substr(0, entry.find('='));
  for (auto& e : env) {
    if (e.substr(0, e.find('=')) == key) {
      e = entry;
      return;
    }
  }
  env.push_back(entry);
}

bool has_env(const std::vector<std::string>& env, const std::string& key) {
  return std::any_of(env.begin(), env.end(),
                     [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
}

}  // namespace

ProcessPlan plan_process(const ContainerConfig& c) {
  ProcessPlan plan;
  // Docker: --entrypoint replaces the image's ENTRYPOINT and drops its CMD; arguments after the
  // image replace CMD.
  std::vector<std::string> entrypoint =
      c.entrypoint ? *c.entrypoint : string_list(c.image_config, "Entrypoint");
  std::vector<std::string> cmd = !c.command.empty() ? c.command
                                 : c.entrypoint     ? std::vector<std::string>{}
                                                    : string_list(c.image_config, "Cmd");
  plan.argv = entrypoint;
  plan.argv.insert(plan.argv.end(), cmd.begin(), cmd.end());
  if (plan.argv.empty()) throw InvalidArgumentError("no command specified", 125);
  if (c.init_binary) plan.argv.insert(plan.argv.begin(), {"/sbin/docker-init", "--"});

  std::string home;
  resolve_user(c, plan, home);

  std::string hostname = c.hostname.empty() ? c.id.substr(0, 12) : c.hostname;
  plan.env = {"HOSTNAME=" + hostname};
  for (const auto& e : string_list(c.image_config, "Env")) set_env(plan.env, e);
  for (const auto& e : c.env) set_env(plan.env, e);
  if (!has_env(plan.env, "PATH"))
    plan.env.insert(plan.env.begin(), std::string("PATH=") + kDefaultPath);
  if (c.tty && !has_env(plan.env, "TERM")) plan.env.push_back("TERM=xterm");
  if (!has_env(plan.env, "HOME")) plan.env.push_back("HOME=" + home);

  plan.cwd = !c.workdir.empty() ? c.workdir : c.image_config.value("WorkingDir", "");
  if (plan.cwd.empty()) plan.cwd = "/";
  return plan;
}

std::vector<std::string> parse_env_file(const std::string& text, const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first);
    auto eq = line.find('=');
    std::string name = line.substr(0, eq);
    if (name.empty()) {
      throw InvalidArgumentError(
          path + ":" + std::to_string(number) + ": no variable name on line '" + line + "'", 125);
    }
    if (name.find_first_of(" \t") != std::string::npos) {
      throw InvalidArgumentError(
          path + ":" + std::to_string(number) + ": variable '" + name + "' contains whitespaces",
          125);
    }
    out.push_back(line);
  }
  return out;
}

int64_t parse_memory_size(std::string_view text) {
  std::string s(text);
  auto fail = [&] { throw InvalidArgumentError("invalid size: '" + s + "'", 125); };
  if (s.empty()) fail();
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(s, &used);
  } catch (const std::exception&) {
    fail();
  }
  if (value < 0) fail();
  std::string unit = s.substr(used);
  for (auto& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (unit.size() == 2 && unit[1] == 'b') unit.pop_back();
  if (unit == "i") fail();
  static const std::map<std::string, double> kUnits = {{"", 1.0},
                                                       {"b", 1.0},
                                                       {"k", 1024.0},
                                                       {"m", 1024.0 * 1024},
                                                       {"g", 1024.0 * 1024 * 1024},
                                                       {"t", 1024.0 * 1024 * 1024 * 1024},
                                                       {"p", 1024.0 * 1024 * 1024 * 1024 * 1024}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end()) fail();
  return static_cast<int64_t>(value * it->second);
}

}  // namespace berth::runtime
