#pragma once
// mkdir -p inside a hostile tree: every prefix is resolved from the root again with openat2
// (confined_open.hpp), so a symlink met on the way, or planted meanwhile, is followed inside
// the root only (kInRoot) or refused (kBeneath), never out of it.
#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>

#include "base/safe_fs/confined_open.hpp"
#include "base/unique_fd.hpp"

namespace berth {

// Called with (parent dir fd, name) for every directory created, e.g. to chown it.
using OnDirCreated = std::function<void(int parent_fd, const char* name)>;

// Creates the missing directories of the clean relative `path` with `mode` (exactly: the umask
// is undone). Existing components are followed as `confinement` allows; with kInRoot a
// dangling symlink gets what it names created, inside the root, as Docker does. Returns the
// final directory's fd or -errno; `failed_at` (if given) then names the prefix that failed
// ("a/b"). ENOTDIR: a component exists and is not a directory; EXDEV (kBeneath): a symlink
// leads outside; ELOOP: too many symlinks.
int mkdir_all_confined(int root_fd, std::string_view path, mode_t mode, Confinement confinement,
                       const OnDirCreated& on_created = {}, std::string* failed_at = nullptr);

// mkdir_all_confined with kInRoot that throws berth::Error naming "/prefix" on failure.
UniqueFd make_dirs_in_root(int root_fd, std::string_view path, mode_t mode,
                           const OnDirCreated& on_created = {});

// Opens an existing directory inside the root (kInRoot); throws berth::Error (NotFoundError
// when missing) naming `path_for_errors`.
UniqueFd open_dir_in_root(int root_fd, std::string_view path, std::string_view path_for_errors);

}  // namespace berth
