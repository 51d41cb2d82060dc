#pragma once
// A directory that cannot grow past a size: an ext4 filesystem in a sparse file, mounted
// through a loop device. Berth caps a container's writable layer (`run --storage-opt size=`)
// and a Space's /data with it. Docker does this with XFS project quotas, which need the
// host's filesystem made and mounted for them; a loop-mounted image works on any host
// filesystem that has sparse files. The image takes only the blocks written to it (mounted
// with `discard`, deleted files give their blocks back to the host).
#include <sys/types.h>

#include <cstdint>
#include <filesystem>

namespace berth {

struct CappedFilesystem {
  std::filesystem::path image;        // the sparse file holding the filesystem
  std::filesystem::path mount_point;  // created when missing
  int64_t size_bytes = 0;
  // Owner of the filesystem's root directory when it is made (the app's UID for /data).
  uid_t owner_uid = 0;
  gid_t owner_gid = 0;
};

// The smallest cap: below it ext4's own metadata would take most of the space.
inline constexpr int64_t kMinimumCappedSize = int64_t{16} << 20;

// Makes the image when it is missing (mkfs.ext4), grows it when it is smaller than
// size_bytes (never shrinks: that could lose data), and mounts it. Nothing when the mount
// point is a mount already. Throws Error naming the image and what failed.
void mount_capped(const CappedFilesystem& fs);

// Unmounts (lazily when busy: a process still in it keeps it until it leaves); the loop
// device goes with the last reference. Nothing when it is not mounted.
void unmount_capped(const std::filesystem::path& mount_point);

// True when `path` is the root of a mount.
bool is_mount_point(const std::filesystem::path& path);

}  // namespace berth
