#pragma once
// The OCI runtimes Berth drives. runc, crun and youki share runc's command line (create,
// start, run, exec, kill, pause, delete with --root/--log), so choosing one is choosing a
// binary and a state directory, plus knowing which hosts a runtime refuses.
#include <filesystem>
#include <string>

namespace berth::runtime {

// How the host mounts cgroups; it decides what crun accepts.
enum class CgroupLayout {
  kV1,      // only cgroup v1 hierarchies (or a cgroup2 mount with no controllers)
  kHybrid,  // v1 hierarchies plus a cgroup2 mount that holds controllers
  kV2,      // the unified hierarchy alone
};

struct CgroupHost {
  CgroupLayout layout = CgroupLayout::kV1;
  std::filesystem::path v2_mount;  // where cgroup2 is mounted, when it is
  std::string v2_controllers;      // the contents of its cgroup.controllers
};

// Reads the layout below `root` (normally /sys/fs/cgroup).
CgroupHost detect_cgroup_host(const std::filesystem::path& root = "/sys/fs/cgroup");

// The runtime a container gets when --runtime is not given: $BERTH_RUNTIME, else runc.
std::string default_runtime_name();

// Throws InvalidArgumentError "unknown or invalid runtime name: X" (Docker's wording) for
// anything but runc, crun and youki.
void check_runtime_name(const std::string& name);

// Throws an Error (exit code 125) naming the problem and the fix when `name` cannot run
// containers on this host: crun refuses hybrid cgroups that have controllers on cgroup2.
void check_runtime_supports_host(const std::string& name, const CgroupHost& host);
// The same for this host; reads the cgroup layout only for a runtime that cares (crun), so
// runc's container start pays nothing for it.
void check_runtime_supports_this_host(const std::string& name);

// Where $PATH has the runtime's binary. Throws an Error (exit code 125, the engine's own
// failure) when it has none, saying which Debian package has it.
std::filesystem::path check_runtime_installed(const std::string& name);

// Each runtime keeps its own state directory (their state formats differ).
std::filesystem::path runtime_state_root(const std::filesystem::path& run_dir,
                                         const std::string& name);

}  // namespace berth::runtime
