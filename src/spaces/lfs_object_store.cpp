#include "spaces/lfs_object_store.hpp"

#include <algorithm>
#include <string>

#include "base/error.hpp"

namespace berth::spaces {

bool is_lfs_oid(std::string_view oid) {
  return oid.size() == 64 && std::all_of(oid.begin(), oid.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::filesystem::path lfs_object_path(const std::filesystem::path& space_dir,
                                      std::string_view oid) {
  if (!is_lfs_oid(oid)) {
    throw InvalidArgumentError("invalid LFS oid \"" + std::string(oid.substr(0, 80)) +
                               "\": expected 64 lowercase hex digits");
  }
  return space_dir / "lfs" / "objects" / std::string(oid.substr(0, 2)) /
         std::string(oid.substr(2, 2)) / std::string(oid);
}

}  // namespace berth::spaces
