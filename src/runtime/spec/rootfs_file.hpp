#pragma once
// Reads a small file of a container's rootfs (its /etc/passwd, /etc/group). The rootfs comes
// from an image or from what a container wrote, so its symlinks are hostile: the path is
// resolved with openat2(RESOLVE_IN_ROOT), where "/" and ".." stop at the rootfs, and only a
// regular file is ever opened for reading (never a FIFO or a device node).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace berth::runtime {

// nullopt when the file (or the whole rootfs) is missing, unreachable or not a regular file;
// throws berth::Error when the rootfs cannot be opened for another reason, the kernel lacks
// openat2, or the file exceeds `max_size`.
std::optional<std::string> read_rootfs_file(const std::filesystem::path& rootfs,
                                            const std::string& path_in_rootfs,
                                            size_t max_size = 16u << 20);

}  // namespace berth::runtime
