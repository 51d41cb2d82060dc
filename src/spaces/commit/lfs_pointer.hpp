#pragma once
// Git LFS pointer files (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): the small
// text git keeps in place of a large file's content.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::spaces {

// Pointers are a few hundred bytes; git-lfs reads nothing larger as one.
inline constexpr std::size_t kMaxLfsPointerBytes = 1024;

struct LfsPointer {
  std::string oid;  // sha256, 64 lowercase hex digits
  std::uint64_t size = 0;
};

// The canonical pointer text for `pointer`.
std::string format_lfs_pointer(const LfsPointer& pointer);

// The pointer `text` is, or nullopt when it is not one (any other file).
std::optional<LfsPointer> parse_lfs_pointer(std::string_view text);

}  // namespace berth::spaces
