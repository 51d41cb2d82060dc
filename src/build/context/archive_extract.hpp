#pragma once
// Safe extraction of tar archives (plain, gzip, bzip2, xz or zstd, recognised by content) for
// tar build contexts and ADD of local archives. Archives are hostile: entry names with ".."
// that climb out are refused, every write goes through openat2(RESOLVE_IN_ROOT) so symlinks
// (planted by the archive or already in the rootfs) stay inside the root, hardlinks must point
// inside the archive's own tree, and sizes and entry counts are limited.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string_view>

namespace berth::build {

struct ExtractLimits {
  uint64_t max_total_bytes = 64ull << 30;  // sum of regular file sizes
  uint64_t max_entry_bytes = 32ull << 30;
  uint64_t max_entries = 2'000'000;
};

struct ExtractOptions {
  ExtractLimits limits;
  // Device nodes: a build context must not carry any (refused); ADD creates them only when
  // privileged (else they are skipped, as rootless Docker does).
  enum class Devices { kRefuse, kSkip, kCreate };
  Devices devices = Devices::kRefuse;
  // Absolute entry names: refused for contexts; stripped to relative for ADD, as Docker does.
  bool allow_absolute_names = false;
  // Applies an owner to a created entry (never following a symlink). Empty: ownership is left
  // to the caller (files stay owned by whoever extracts). Gets the tar header's ids.
  std::function<void(int dir_fd, const char* name, uint32_t uid, uint32_t gid)> set_owner;
};

struct ExtractStats {
  uint64_t entries = 0;
  uint64_t bytes = 0;  // regular file content written
};

// Whether the regular file open at `fd` is a tar archive, possibly compressed: what Docker's
// ADD checks before unpacking (a lone .gz of a non-tar is not an archive). Reads from offset 0
// with pread, so the file offset is not moved.
bool is_tar_archive(int fd);

// Whether the first bytes look like a compressed stream or a tar header (for `build -`).
bool looks_like_archive(std::string_view head);

// Reads the archive from `fd` (to EOF) and extracts it into `dest` inside `root_fd`, creating
// `dest` if needed (0755). Throws berth::Error naming the entry on hostile or corrupt input.
ExtractStats extract_tar(int fd, int root_fd, std::string_view dest, const ExtractOptions&);

}  // namespace berth::build
