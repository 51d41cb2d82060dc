#pragma once
// Removing a subtree of a hostile tree (a layer being unpacked, a rootfs) by directory fd.
namespace berth {

// Removes `name` in `dir_fd`, recursively if it is a directory, never following symlinks
// (a symlink is removed itself). Returns 0 or -errno.
int remove_tree_at(int dir_fd, const char* name);

}  // namespace berth
