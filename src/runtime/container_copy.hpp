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
// follow_link (cp -L): a symlink SRC is followed (inside the container's root, for a container
// path) and what it leads to is copied under the link's name.
uint64_t copy_from_container(const std::filesystem::path& rootfs, const std::string& source,
                             const std::filesystem::path& destination, bool follow_link = false);
// keep_owners (cp -a): what is copied in keeps its owners; else the container's root owns it.
uint64_t copy_to_container(const std::filesystem::path& source, const std::filesystem::path& rootfs,
                           const std::string& destination, bool keep_owners = false,
                           bool follow_link = false);

// `cp CONTAINER:SRC -`: SRC as a tar written to `output_fd`, its entries under SRC's base name
// (or, for "SRC/.", under "."), as Docker streams it.
void archive_from_container(const std::filesystem::path& rootfs, const std::string& source,
                            int output_fd, bool follow_link = false);
// `cp - CONTAINER:DEST`: unpacks the tar (plain or compressed) read from `input_fd` into the
// existing directory DEST, owned by the container's root as Docker's cp leaves what it copies
// in (the tar's owners with keep_owners). Symlinks in the container or the tar resolve inside
// DEST, as in Docker's chroot'ed untar.
void extract_to_container(int input_fd, const std::filesystem::path& rootfs,
                          const std::string& destination, const std::string& shown_destination,
                          bool keep_owners = false);
// `export`: the whole root filesystem as a tar.
void archive_rootfs(const std::filesystem::path& rootfs, int output_fd);

}  // namespace berth::runtime
