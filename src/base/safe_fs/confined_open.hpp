#pragma once
// The one place Berth calls openat2: opening a path confined to a directory tree (an image
// layer, a container's rootfs, a build context, a git checkout) that hostile code may have
// filled with symlinks. The kernel does the confinement, so no check can race a rename.
//   kInRoot  (RESOLVE_IN_ROOT): "/" and ".." stop at the root, as inside a chroot; a symlink
//            to "/etc" leads to <root>/etc. For paths the container itself would resolve.
//   kBeneath (RESOLVE_BENEATH): any resolution that would leave the tree (".." above it, an
//            absolute symlink, a symlink climbing out) fails with EXDEV instead.
// Magic links (/proc/self/fd/…) are refused in both modes.
#include <sys/types.h>

#include <string_view>

#include "base/unique_fd.hpp"

namespace berth {

enum class Confinement { kInRoot, kBeneath };

struct ConfinedOpen {
  Confinement confinement = Confinement::kInRoot;
  int flags = 0;            // O_* flags; O_CLOEXEC is always added
  mode_t mode = 0;          // with O_CREAT
  bool same_mount = false;  // RESOLVE_NO_XDEV: never cross into another mount
};

// Opens `path` under `root_fd` ("" is the root itself; with kInRoot a leading "/" is too).
// Retries on EINTR and on EAGAIN (a concurrent rename raced the kernel's ".." checks).
// Returns the fd or -errno (-ENOSYS: the kernel has no openat2).
int openat2_confined(int root_fd, std::string_view path, const ConfinedOpen& how);

// The two modes with default resolve flags; return the fd or -errno.
int openat2_in_root(int root_fd, std::string_view path, int flags, mode_t mode = 0);
int openat2_beneath(int root_fd, std::string_view path, int flags, mode_t mode = 0);

// Throwing forms: berth::Error (NotFoundError for ENOENT) naming `what`, e.g. "open \"/etc\":
// no such file or directory", or "… needs openat2 (Linux 5.6 or newer)".
UniqueFd open_in_root(int root_fd, std::string_view path, int flags, std::string_view what);
UniqueFd open_beneath(int root_fd, std::string_view path, int flags, std::string_view what);

// The error for a failed confined open of `what` (`err` positive): ENOSYS says which kernel
// is needed, EXDEV that the path leads outside, ENOENT is a NotFoundError.
[[noreturn]] void throw_confined_open_error(std::string_view what, int err);

}  // namespace berth
