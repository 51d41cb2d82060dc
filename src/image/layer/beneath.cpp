#include "image/layer/beneath.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace berth::image {

int openat2_beneath(int root_fd, const char* path, int flags, mode_t mode) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (;;) {
    long fd = ::syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    // EAGAIN: a concurrent rename raced the ".." checks; the kernel asks to retry.
    if (errno == EINTR || errno == EAGAIN) continue;
    return -errno;
  }
}

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

}  // namespace berth::image
