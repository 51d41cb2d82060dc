#include "base/safe_fs/remove_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

int remove_tree_at(int dir_fd, const char* name) {
  if (::unlinkat(dir_fd, name, 0) == 0) return 0;
  if (errno != EISDIR) return -errno;
  int fd = ::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -errno;
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    int err = errno;
    ::close(fd);
    return -err;
  }
  std::vector<std::string> names;
  while (dirent* d = ::readdir(dir)) {
    std::string_view n = d->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  int rc = 0;
  for (const auto& n : names) {
    rc = remove_tree_at(::dirfd(dir), n.c_str());
    if (rc != 0) break;
  }
  ::closedir(dir);
  if (rc != 0) return rc;
  if (::unlinkat(dir_fd, name, AT_REMOVEDIR) != 0) return -errno;
  return 0;
}

}  // namespace berth
