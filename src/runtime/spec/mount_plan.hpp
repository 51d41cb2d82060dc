#pragma once
// The container's mount list: Docker's default mounts (minus any a user mount replaces), then
// the user's binds and tmpfs mounts together with the /etc/hosts, /etc/hostname and
// /etc/resolv.conf binds, sorted so a parent is mounted before anything below it, then the
// --init binary.
#include <string>
#include <vector>

#include "base/json.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {

// Where Docker puts --init's binary in the container (bind-mounted read-only), and runs it from.
inline constexpr const char* kInitPath = "/sbin/docker-init";

// Docker's checks: absolute destinations other than "/", a source for binds, a known type, no
// destination twice. Throws InvalidArgumentError (exit 125) with Docker's wording.
void validate_mounts(const std::vector<MountRequest>& mounts);

// Docker's MergeTmpfsOptions: a later option overrides an earlier one it conflicts with
// ("exec" over "noexec", "size=1m" over "size=64m").
std::vector<std::string> merge_mount_options(const std::vector<std::string>& options);

struct MountList {
  Json mounts = Json::array();
  std::string rootfs_propagation;  // "rshared"/"rslave" when a bind asks for it, else empty
};

MountList build_mounts(const ContainerConfig& c);

}  // namespace berth::runtime
