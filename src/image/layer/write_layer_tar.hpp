#pragma once
// The reverse of apply_layer: turns a directory of changes (an overlayfs upper dir) into an
// uncompressed, deterministic layer tar.
#include <cstdint>
#include <filesystem>
#include <string>

#include "base/digest.hpp"

namespace berth::image {

struct DiffOptions {
  std::string opaque_xattr;  // empty = accept both trusted.overlay.opaque and user.overlay.opaque
};

struct DiffResult {
  Digest diff_id;  // sha256 of every byte written
  uint64_t size = 0;
};

// Walks `dir` in sorted order (each directory, then its sorted children) and writes a PAX tar
// to `output_fd`: 0/0 character devices become `.wh.NAME` entries, opaque directories get a
// `.wh..wh..opq` entry; ownership, modes (incl. setuid), mtimes (whole seconds, as Docker),
// xattrs (not overlayfs's own), hardlinks, symlinks, fifos and device nodes are preserved;
// sockets are skipped. Throws berth::Error naming the path on failure.
DiffResult write_layer_tar(const std::filesystem::path& dir, int output_fd, const DiffOptions&);

}  // namespace berth::image
