#pragma once
// A Space's build context holds its files, not LFS pointers: after a commit's tree is checked
// out (git knows nothing of LFS here: the server's git has no filters), each file whose
// content is an LFS pointer is replaced by the object from the Space's own store.
#include <filesystem>
#include <string_view>

#include "spaces/lfs_object_store.hpp"

namespace berth::spaces {

// Replaces the pointer files of `commit` checked out in `destination` with their objects from
// `store`. Throws NotFoundError naming the file when a pointer's object was never uploaded to
// this Space (the deploy then fails with that message).
void smudge_lfs_pointers(const std::filesystem::path& repository, std::string_view commit,
                         const std::filesystem::path& destination, const LfsObjectStore& store);

}  // namespace berth::spaces
