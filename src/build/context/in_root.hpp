#pragma once
// Filesystem access confined to a directory tree (a rootfs being built, or a build context),
// built on openat2(RESOLVE_IN_ROOT): every symlink, absolute or with "..", is resolved as if
// the root were "/", so a hostile link can redirect a lookup only to somewhere else inside the
// root, never out of it (the CVE-2018-15664 class).
#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>

#include "base/unique_fd.hpp"

namespace berth::build {

// Opens `path` ("a/b", "/a/b" and "" all start at the root) beneath `root_fd`. Returns the fd
// or -errno. Magic links (/proc/self/...) are refused.
int openat2_in_root(int root_fd, std::string_view path, int flags, mode_t mode = 0);

// Opens a directory inside the root, following symlinks inside it; throws berth::Error
// (NotFoundError when missing) naming `path_for_errors`.
UniqueFd open_dir_in_root(int root_fd, std::string_view path, std::string_view path_for_errors);

// mkdir -p inside the root: every existing component is followed (in the root), every missing
// one is created with `mode` and handed to `on_created(parent_fd, name)` (for chown).
// Returns the final directory. Throws when a component exists and is not a directory.
UniqueFd make_dirs_in_root(int root_fd, std::string_view path, mode_t mode,
                           const std::function<void(int, const char*)>& on_created = {});

// Splits a clean relative path into its parent ("" for the root) and last component.
std::pair<std::string_view, std::string_view> split_last(std::string_view clean);

// Removes `name` in `dir_fd`, recursively for a directory, never following symlinks.
// Returns 0 or -errno.
int remove_entry_at(int dir_fd, const char* name);

}  // namespace berth::build
