#include "spaces/space_storage.hpp"

#include <fcntl.h>

#include <cerrno>

#include "base/capped_filesystem.hpp"
#include "base/error.hpp"
#include "base/safe_fs/remove_tree.hpp"
#include "base/unique_fd.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

void remove_space_data(const fs::path& space_dir) {
  unmount_capped(space_dir / "data");
  std::error_code ec;
  fs::remove(space_dir / "data.img", ec);
  if (ec) throw Error("remove " + (space_dir / "data.img").string() + ": " + ec.message());
  if (is_mount_point(space_dir / "data")) {
    throw Error("remove " + (space_dir / "data").string() + ": still mounted");
  }
  UniqueFd dir(::open(space_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (dir.get() < 0) {
    if (errno == ENOENT) return;
    throw_errno("open " + space_dir.string());
  }
  int rc = remove_tree_at(dir.get(), "data");
  if (rc != 0 && rc != -ENOENT) {
    throw_errno("remove " + (space_dir / "data").string(), -rc);
  }
}

}  // namespace berth::spaces
