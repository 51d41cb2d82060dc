#pragma once
// `berth cp`: copying between the host and a container's root filesystem. The container owns
// its symlinks, so every container path is resolved with openat2(RESOLVE_IN_ROOT) and every
// entry below it is opened relative to its parent with O_NOFOLLOW: a symlink planted in the
// container can never make the copy read or write outside the rootfs (CVE-2018-15664).
#include <cstdint>
#include <filesystem>
#include <string>

namespace berth::runtime {

// Returns the bytes copied. Docker's rules: a directory source is copied into an existing
// directory destination (or becomes a missing one); "SRC/." copies the directory's contents.
uint64_t copy_from_container(const std::filesystem::path& rootfs, const std::string& source,
                             const std::filesystem::path& destination);
uint64_t copy_to_container(const std::filesystem::path& source, const std::filesystem::path& rootfs,
                           const std::string& destination);

}  // namespace berth::runtime
