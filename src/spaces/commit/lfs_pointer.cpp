#include "spaces/commit/lfs_pointer.hpp"

#include <charconv>

#include "spaces/lfs_object_store.hpp"

namespace berth::spaces {

namespace {
constexpr std::string_view kVersionLine = "version https://git-lfs.github.com/spec/v1";
}

std::string format_lfs_pointer(const LfsPointer& pointer) {
  return std::string(kVersionLine) + "\noid sha256:" + pointer.oid + "\nsize " +
         std::to_string(pointer.size) + "\n";
}

std::optional<LfsPointer> parse_lfs_pointer(std::string_view text) {
  if (text.size() > kMaxLfsPointerBytes || !text.starts_with(kVersionLine) ||
      !text.ends_with('\n')) {
    return std::nullopt;
  }
  LfsPointer pointer;
  bool have_oid = false, have_size = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line == kVersionLine) continue;
    if (line.starts_with("oid sha256:")) {
      std::string_view oid = line.substr(std::string_view("oid sha256:").size());
      if (!is_lfs_oid(oid) || have_oid) return std::nullopt;
      pointer.oid = std::string(oid);
      have_oid = true;
    } else if (line.starts_with("size ")) {
      std::string_view digits = line.substr(5);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pointer.size);
      if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
          have_size) {
        return std::nullopt;
      }
      have_size = true;
    } else if (!line.starts_with("ext-")) {
      return std::nullopt;  // a key the spec does not have: some other text file
    }
  }
  if (!have_oid || !have_size) return std::nullopt;
  return pointer;
}

}  // namespace berth::spaces
