#pragma once
// Unpacking a tar file (plain, gzip, bzip2, xz or zstd, recognised by content) that is not an
// image layer: a build context sent on stdin, a local archive that ADD unpacks. The entries go
// through TarWriter under the caller's TarPolicy (layers have apply_layer, which also hashes
// and decompresses in a thread).
#include <cstdint>
#include <string_view>

#include "image/layer/tar_policy.hpp"

namespace berth::image {

struct UnpackStats {
  uint64_t entries = 0;
  uint64_t bytes = 0;  // regular file content written
};

// Whether the regular file open at `fd` is a tar archive, possibly compressed: what Docker's
// ADD checks before unpacking (a lone .gz of a non-tar is not an archive). Reads from offset 0
// with pread, so the file offset is not moved.
bool is_tar_archive(int fd);

// Whether the first bytes look like a compressed stream or a tar header (for `build -`).
bool looks_like_archive(std::string_view head);

// Reads the archive from `fd` (to EOF) into the directory `dest_fd`. Throws berth::Error
// naming the entry on hostile or corrupt input.
UnpackStats unpack_tar(int fd, int dest_fd, const TarPolicy& policy);

}  // namespace berth::image
