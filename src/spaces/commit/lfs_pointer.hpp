#pragma once
// Git LFS pointer files (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): the small
// text git keeps in place of a large file's content.
#include <string>

// The pointer type and its parser: spaces/git/git_lfs_pointer.hpp.
#include "spaces/git/git_lfs_pointer.hpp"

namespace berth::spaces {

// The canonical pointer text for `pointer`.
std::string format_lfs_pointer(const LfsPointer& pointer);

}  // namespace berth::spaces
