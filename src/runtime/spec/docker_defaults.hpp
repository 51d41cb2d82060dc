#pragma once
// Docker's defaults for a non-privileged container (moby's oci.DefaultLinuxSpec and daemon),
// so a Berth container sees the same capabilities, masked paths and devices as a Docker one.
#include <string>
#include <vector>

#include "base/json.hpp"

namespace berth::runtime {

// The 14 capabilities Docker grants by default.
const std::vector<std::string>& default_capabilities();

// /proc and /sys entries hidden (masked) or made read-only inside the container.
const std::vector<std::string>& default_masked_paths();
const std::vector<std::string>& default_readonly_paths();

// linux.resources.devices: deny everything, then allow the standard character devices.
// runc appends its own allow rules after these (mknod of any device, /dev/pts/*, /dev/ptmx,
// /dev/full, /dev/net/tun), as it does for Docker.
Json default_device_rules();

// /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys, /sys/fs/cgroup.
Json default_mounts();

}  // namespace berth::runtime
