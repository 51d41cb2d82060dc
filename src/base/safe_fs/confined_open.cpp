#include "base/safe_fs/confined_open.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/error.hpp"

namespace berth {

int openat2_confined(int root_fd, std::string_view path, const ConfinedOpen& how) {
  std::string p(path.empty() ? "." : path);
  open_how kernel_how{};
  kernel_how.flags = static_cast<uint64_t>(how.flags | O_CLOEXEC);
  kernel_how.mode = (how.flags & O_CREAT) ? how.mode : 0;
  kernel_how.resolve =
      RESOLVE_NO_MAGICLINKS | (how.same_mount ? RESOLVE_NO_XDEV : 0) |
      (how.confinement == Confinement::kInRoot ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
  for (;;) {
    long fd = ::syscall(SYS_openat2, root_fd, p.c_str(), &kernel_how, sizeof kernel_how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno == EINTR || errno == EAGAIN) continue;
    return -errno;
  }
}

int openat2_in_root(int root_fd, std::string_view path, int flags, mode_t mode) {
  return openat2_confined(root_fd, path, {Confinement::kInRoot, flags, mode, false});
}

int openat2_beneath(int root_fd, std::string_view path, int flags, mode_t mode) {
  return openat2_confined(root_fd, path, {Confinement::kBeneath, flags, mode, false});
}

void throw_confined_open_error(std::string_view what, int err) {
  std::string w(what);
  switch (err) {
    case ENOSYS:
      throw Error(w + " needs openat2 (Linux 5.6 or newer)");
    case ENOENT:
      throw NotFoundError(w + ": no such file or directory");
    case EXDEV:
      throw Error(w + ": the path leads outside its root");
    default:
      throw_errno(w, err);
  }
}

UniqueFd open_in_root(int root_fd, std::string_view path, int flags, std::string_view what) {
  int fd = openat2_in_root(root_fd, path, flags);
  if (fd < 0) throw_confined_open_error(what, -fd);
  return UniqueFd(fd);
}

UniqueFd open_beneath(int root_fd, std::string_view path, int flags, std::string_view what) {
  int fd = openat2_beneath(root_fd, path, flags);
  if (fd < 0) throw_confined_open_error(what, -fd);
  return UniqueFd(fd);
}

}  // namespace berth
