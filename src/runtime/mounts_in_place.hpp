#pragma once
// A container's volumes and bind mounts where its processes see them, for work done on its
// root filesystem from the host (`berth cp`): the runtime mounts them inside the container's
// own mount namespace only, so the rootfs the CLI opens lacks them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>
#include <vector>

#include "runtime/spec/container_config.hpp"

namespace berth::runtime {

// Runs `work` with each bind mount of `host_mounts` (volumes arrive as binds of their
// directories; see ContainerEngine::host_mounts) mounted over its destination in `rootfs`,
// read-only ones read-only, shallow ones first. With none, `work` runs here; otherwise in a
// child process with a mount namespace of its own, so nothing shows on the host or in the
// running container, and what `work` returns or throws (its type, exit code and message)
// comes back. Destinations are resolved inside the rootfs (its symlinks cannot send a mount
// out of it), and missing ones are created, as the runtime creates them. tmpfs mounts are
// left out: their content lives in the container alone.
uint64_t with_mounts_in_place(const std::filesystem::path& rootfs,
                              const std::vector<MountRequest>& host_mounts,
                              const std::function<uint64_t()>& work);

// The mount of `mounts` whose destination holds the container path `path` (the deepest), or
// nullptr. Lexical: "/data/../etc" is not under "/data".
const MountRequest* mount_holding(const std::vector<MountRequest>& mounts, std::string_view path);

}  // namespace berth::runtime
