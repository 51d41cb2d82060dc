#include "build/context/in_root.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "image/layer/beneath.hpp"

namespace berth::build {

int openat2_in_root(int root_fd, std::string_view path, int flags, mode_t mode) {
  std::string p(path.empty() ? "." : path);
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  for (;;) {
    long fd = ::syscall(SYS_openat2, root_fd, p.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    // EAGAIN: a concurrent rename raced the kernel's ".." checks; it asks to retry.
    if (errno == EINTR || errno == EAGAIN) continue;
    return -errno;
  }
}

UniqueFd open_dir_in_root(int root_fd, std::string_view path, std::string_view path_for_errors) {
  int fd = openat2_in_root(root_fd, path, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) return UniqueFd(fd);
  std::string what(path_for_errors);
  if (fd == -ENOENT) throw NotFoundError("\"" + what + "\": not found");
  if (fd == -ENOTDIR) throw Error("\"" + what + "\": not a directory");
  if (fd == -ENOSYS) throw Error("openat2 is needed (Linux 5.6 or newer)");
  throw_errno("open \"" + what + "\"", -fd);
}

UniqueFd make_dirs_in_root(int root_fd, std::string_view path, mode_t mode,
                           const std::function<void(int, const char*)>& on_created) {
  UniqueFd current(::fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  if (!current.valid()) throw_errno("dup root fd");
  size_t pos = 0;
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string component(path.substr(pos, slash - pos));
    std::string prefix(path.substr(0, slash));
    pos = slash + 1;
    if (component.empty() || component == ".") continue;
    // Each prefix is resolved from the root again, so a symlink met on the way is followed
    // inside the root only.
    int fd = openat2_in_root(root_fd, prefix, O_RDONLY | O_DIRECTORY);
    if (fd == -ENOENT) {
      if (::mkdirat(current.get(), component.c_str(), mode) != 0 && errno != EEXIST) {
        throw_errno("create directory \"/" + prefix + "\"");
      }
      // mkdirat applies the umask; the mode asked for is what Docker produces.
      if (::fchmodat(current.get(), component.c_str(), mode, 0) != 0) {
        throw_errno("chmod \"/" + prefix + "\"");
      }
      if (on_created) on_created(current.get(), component.c_str());
      fd = openat2_in_root(root_fd, prefix, O_RDONLY | O_DIRECTORY);
    }
    if (fd == -ENOTDIR) throw Error("\"/" + prefix + "\" exists and is not a directory");
    if (fd < 0) throw_errno("open directory \"/" + prefix + "\"", -fd);
    current.reset(fd);
  }
  return current;
}

std::pair<std::string_view, std::string_view> split_last(std::string_view clean) {
  size_t slash = clean.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view{}, clean};
  return {clean.substr(0, slash), clean.substr(slash + 1)};
}

int remove_entry_at(int dir_fd, const char* name) {
  return image::remove_tree_at(dir_fd, name);
}

}  // namespace berth::build
