#include "runtime/runtime_choice.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/error.hpp"

namespace berth::runtime {

namespace {

std::string read_trimmed(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::filesystem::path find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path && *path ? path : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

}  // namespace

CgroupHost detect_cgroup_host(const std::filesystem::path& root) {
  CgroupHost host;
  std::error_code ec;
  if (std::filesystem::exists(root / "cgroup.controllers", ec)) {
    host.layout = CgroupLayout::kV2;
    host.v2_mount = root;
    host.v2_controllers = read_trimmed(root / "cgroup.controllers");
    return host;
  }
  // systemd's hybrid layout mounts cgroup2 at unified/ next to the v1 hierarchies.
  if (std::filesystem::exists(root / "unified" / "cgroup.controllers", ec)) {
    host.v2_mount = root / "unified";
    host.v2_controllers = read_trimmed(host.v2_mount / "cgroup.controllers");
    host.layout = host.v2_controllers.empty() ? CgroupLayout::kV1 : CgroupLayout::kHybrid;
  }
  return host;
}

std::string default_runtime_name() {
  const char* env = std::getenv("BERTH_RUNTIME");
  return env && *env ? env : "runc";
}

void check_runtime_name(const std::string& name) {
  if (name == "runc" || name == "crun" || name == "youki") return;
  throw InvalidArgumentError("unknown or invalid runtime name: " + name +
                             " (berth knows runc, crun and youki)");
}

void check_runtime_supports_host(const std::string& name, const CgroupHost& host) {
  if (name != "crun" || host.layout != CgroupLayout::kHybrid) return;
  throw Error(
      "runtime crun cannot run containers on this host: its cgroups are hybrid (v1 "
      "hierarchies, and cgroup v2 at " +
          host.v2_mount.string() + " holding the controllers \"" + host.v2_controllers +
          "\"), which crun refuses. Use --runtime runc, or boot the host with pure "
          "cgroup v2 (kernel parameter systemd.unified_cgroup_hierarchy=1)",
      125);
}

void check_runtime_supports_this_host(const std::string& name) {
  if (name == "crun") check_runtime_supports_host(name, detect_cgroup_host());
}

std::filesystem::path check_runtime_installed(const std::string& name) {
  if (auto executable = find_on_path(name); !executable.empty()) return executable;
  std::string hint = name == "youki" ? "youki is not packaged by Debian bookworm; install it from "
                                       "its releases"
                                     : "install it with: apt-get install " + name;
  throw Error("runtime " + name + ": executable file not found in $PATH (" + hint + ")", 125);
}

std::filesystem::path runtime_state_root(const std::filesystem::path& run_dir,
                                         const std::string& name) {
  return run_dir / name;
}

}  // namespace berth::runtime
