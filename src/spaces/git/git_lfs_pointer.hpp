#pragma once
// Git LFS pointer files (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): what a
// repository holds in place of a large file, its content being stored elsewhere by oid.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::spaces {

// Pointer files are smaller than this (the spec's limit): larger blobs are never read as one.
inline constexpr uint64_t kMaxLfsPointerSize = 1024;

struct LfsPointer {
  std::string oid;  // sha256 of the content, 64 lowercase hex digits
  uint64_t size = 0;
};

// The pointer `blob` is, or nullopt when it is an ordinary file: it must start with the
// spec's version line and hold "oid sha256:<64 hex>" and "size <decimal>" lines.
std::optional<LfsPointer> parse_lfs_pointer(std::string_view blob);

}  // namespace berth::spaces
