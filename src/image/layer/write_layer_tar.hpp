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
  // overlayfs's whiteouts (0/0 character devices) and opaque directories become `.wh.` markers:
  // a layer's changes. Off for a tree as it is (a mounted rootfs), where a device is a device.
  bool layer_markers = true;
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

// A tree as it is, without layer markers, for `export` and `cp CONTAINER:SRC -`: the entry
// `name` of the directory `dir_fd` (a file, symlink or directory with everything below it)
// named `entry_name` in the tar; with `entry_name` empty, the children of `dir_fd` at the tar's
// root. Names are resolved in their parent's open directory only, so a container changing the
// tree meanwhile cannot lead the walk outside it.
DiffResult write_tree_tar(int dir_fd, const std::string& name, const std::string& entry_name,
                          int output_fd);

}  // namespace berth::image
