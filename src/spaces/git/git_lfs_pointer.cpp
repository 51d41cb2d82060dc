#include "spaces/git/git_lfs_pointer.hpp"

#include <charconv>

#include "spaces/lfs_object_store.hpp"

namespace berth::spaces {

std::optional<LfsPointer> parse_lfs_pointer(std::string_view blob) {
  static constexpr std::string_view kVersion = "version https://git-lfs.github.com/spec/v1\n";
  if (blob.size() >= kMaxLfsPointerSize || !blob.starts_with(kVersion) || !blob.ends_with('\n')) {
    return std::nullopt;
  }
  blob.remove_prefix(kVersion.size());
  std::optional<std::string> oid;
  std::optional<uint64_t> size;
  while (!blob.empty()) {
    size_t end = blob.find('\n');
    std::string_view line = blob.substr(0, end);
    blob.remove_prefix(end + 1);
    if (line.starts_with("oid sha256:")) {
      std::string_view value = line.substr(11);
      if (oid || !is_lfs_oid(value)) return std::nullopt;
      oid = std::string(value);
    } else if (line.starts_with("size ")) {
      std::string_view value = line.substr(5);
      uint64_t parsed = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (size || value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
        return std::nullopt;
      }
      size = parsed;
    } else if (line.empty() || line.find(' ') == std::string_view::npos) {
      return std::nullopt;  // every line is "key value"
    }
    // Other keys (ext-…) are the spec's extensions: allowed, not used.
  }
  if (!oid || !size) return std::nullopt;
  return LfsPointer{.oid = std::move(*oid), .size = *size};
}

}  // namespace berth::spaces
