#pragma once
// Network namespaces kept as files: a namespace lives as long as its bind mount (as with
// `ip netns` and Podman), so it outlives the process that made it and the container's runtime
// joins it by path.
#include <filesystem>
#include <functional>

namespace berth::network {

// Makes a new network namespace bind-mounted on `path` (the file and its directory are
// created) with `lo` up. The namespace is made on a short-lived thread, so the caller's own
// namespace never changes. A namespace already mounted on `path` is kept as it is.
void create_netns(const std::filesystem::path& path);

// Detaches the mount and deletes the file; a missing one is not an error. The namespace itself
// (and the container end of its veths) goes when nothing else holds it.
void remove_netns(const std::filesystem::path& path);

// Runs `fn` on a dedicated thread that has joined the namespace at `path` (the network
// namespace is per thread, so no other thread of the caller moves), and waits for it. What `fn`
// throws is rethrown here. A missing namespace throws NotFoundError.
void run_in_netns(const std::filesystem::path& path, const std::function<void()>& fn);

}  // namespace berth::network
