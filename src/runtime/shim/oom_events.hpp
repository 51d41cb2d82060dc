#pragma once
// Whether the kernel's OOM killer struck inside a container's memory cgroup. The shim asks
// once the container has exited and before the runtime deletes the cgroup. Kept free of
// exceptions and heavy headers: it is linked into the static shim.
#include <string>

namespace berth::runtime {

// The "oom_kill N" counter in the text of a cgroup v2 memory.events or a cgroup v1
// memory.oom_control file; 0 when absent.
long long parse_oom_kill_count(const std::string& text);

// Reads the counter for the cgroup at `cgroups_path` (the spec's linux.cgroupsPath, e.g.
// "/berth/<id>") under `cgroup_root` (normally /sys/fs/cgroup), on v2 or v1.
bool cgroup_saw_oom_kill(const std::string& cgroup_root, const std::string& cgroups_path);

}  // namespace berth::runtime
