#pragma once
// Path resolution confined to a directory tree, built on openat2(RESOLVE_BENEATH): the kernel
// refuses any resolution (through "..", an absolute symlink or a symlink climbing out) that
// would leave the tree, so a hostile layer cannot redirect a write outside it.
#include <sys/types.h>

#include <string>

namespace berth::image {

// Opens `path` (relative) beneath `root_fd` with `flags`. Returns the fd or -errno; -EXDEV
// means the resolution tried to leave the root.
int openat2_beneath(int root_fd, const char* path, int flags, mode_t mode = 0);

// Removes `name` in `dir_fd`, recursively if it is a directory, never following symlinks.
// Returns 0 or -errno.
int remove_tree_at(int dir_fd, const char* name);

}  // namespace berth::image
