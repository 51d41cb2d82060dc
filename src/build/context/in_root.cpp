#include "build/context/in_root.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "build/context/path_clean.hpp"
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

namespace {

constexpr int kMaxLinkDepth = 40;

// Where a symlink found at `prefix` (its parent being `parent`) points, as a clean
// root-relative path: an absolute target starts at the root, ".." stops there.
std::string link_destination(int dir_fd, const std::string& name, std::string_view parent) {
  char buf[4096];
  ssize_t n = ::readlinkat(dir_fd, name.c_str(), buf, sizeof buf);
  if (n < 0 || static_cast<size_t>(n) == sizeof buf) throw_errno("readlink \"" + name + "\"");
  std::string_view target(buf, static_cast<size_t>(n));
  if (target.starts_with('/')) return clamp_to_root(target);
  return clamp_to_root(std::string(parent) + "/" + std::string(target));
}

UniqueFd make_dirs(int root_fd, std::string_view path, mode_t mode,
                   const std::function<void(int, const char*)>& on_created, int depth);

}  // namespace

UniqueFd make_dirs_in_root(int root_fd, std::string_view path, mode_t mode,
                           const std::function<void(int, const char*)>& on_created) {
  return make_dirs(root_fd, path, mode, on_created, 0);
}

namespace {

UniqueFd make_dirs(int root_fd, std::string_view path, mode_t mode,
                   const std::function<void(int, const char*)>& on_created, int depth) {
  if (depth > kMaxLinkDepth)
    throw Error("too many levels of symbolic links in \"/" + std::string(path) + "\"");
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
    struct stat st;
    if (fd == -ENOENT &&
        ::fstatat(current.get(), component.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode)) {
      // A dangling symlink: create what it names, inside the root, as Docker does.
      std::string_view parent = split_last(prefix).first;
      make_dirs(root_fd, link_destination(current.get(), component, parent), mode, on_created,
                depth + 1);
      fd = openat2_in_root(root_fd, prefix, O_RDONLY | O_DIRECTORY);
    }
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

}  // namespace

std::pair<std::string_view, std::string_view> split_last(std::string_view clean) {
  size_t slash = clean.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view{}, clean};
  return {clean.substr(0, slash), clean.substr(slash + 1)};
}

int remove_entry_at(int dir_fd, const char* name) {
  return image::remove_tree_at(dir_fd, name);
}

}  // namespace berth::build
