#pragma once
// Unpacks an image layer (tar, tar+gzip, tar+zstd) into a directory laid out as an overlayfs
// lower dir. Layers are hostile input: nothing is ever written outside the destination.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "base/digest.hpp"
#include "image/layer/compression.hpp"
#include "image/layer/tar_policy.hpp"

namespace berth::image {

struct ApplyOptions {
  TarLimits limits;  // a layer's (TarLimits' defaults)
  // chown, device nodes, trusted.* xattrs. Unprivileged, device nodes are skipped silently
  // (rootless behaviour) and files stay owned by the caller.
  bool privileged = (geteuid() == 0);
  // Opaque-dir marker written for `.wh..wh..opq`: trusted.overlay.opaque when privileged,
  // user.overlay.opaque otherwise (overlayfs "userxattr" mode). Empty = pick by `privileged`.
  std::string opaque_xattr;
  // Called with every raw (still compressed) byte read from the input, in order, so a caller
  // can write/hash the blob in the same pass. Runs on the reader thread; an exception thrown
  // from it fails apply_layer with that message.
  std::function<void(const void*, size_t)> on_raw_bytes;
};

struct ApplyResult {
  Digest diff_id;  // sha256 of the whole uncompressed tar stream (to its last byte)
  Compression compression = Compression::kNone;
  uint64_t unpacked_bytes = 0;  // regular files' sizes and symlinks' lengths, as Docker counts
  uint64_t entries = 0;
  uint64_t tar_bytes = 0;  // length of the uncompressed tar stream
};

// Reads a layer from `input_fd` until EOF and writes it into `dest` (an existing empty
// directory): whiteout `.wh.NAME` becomes a 0/0 character device NAME; `.wh..wh..opq` sets the
// opaque xattr ("y") on its directory. Throws berth::Error naming the entry on hostile or
// corrupt input; the caller removes `dest` then.
ApplyResult apply_layer(int input_fd, const std::filesystem::path& dest, const ApplyOptions&);

}  // namespace berth::image
