#include "spaces/commit/lfs_pointer.hpp"

namespace berth::spaces {

namespace {
constexpr std::string_view kVersionLine = "version https://git-lfs.github.com/spec/v1";
}

std::string format_lfs_pointer(const LfsPointer& pointer) {
  return std::string(kVersionLine) + "\noid sha256:" + pointer.oid + "\nsize " +
         std::to_string(pointer.size) + "\n";
}

}  // namespace berth::spaces
