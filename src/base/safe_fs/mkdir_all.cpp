#include "base/safe_fs/mkdir_all.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.hpp"
#include "base/safe_fs/path_clean.hpp"

namespace berth {
namespace {

constexpr int kMaxLinkDepth = 40;

// Where the symlink `name` in `dir_fd` (itself at `parent`) points, as a clean root-relative
// path: an absolute target starts at the root, ".." stops there. "" when it cannot be read.
std::string link_destination(int dir_fd, const std::string& name, std::string_view parent) {
  char buf[4096];
  ssize_t n = ::readlinkat(dir_fd, name.c_str(), buf, sizeof buf);
  if (n < 0 || static_cast<size_t>(n) == sizeof buf) return {};
  std::string_view target(buf, static_cast<size_t>(n));
  if (target.starts_with('/')) return clamp_to_root(target);
  return clamp_to_root(std::string(parent) + "/" + std::string(target));
}

bool is_symlink_at(int dir_fd, const std::string& name) {
  struct stat st;
  return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

class MkdirAll {
 public:
  MkdirAll(int root_fd, mode_t mode, Confinement confinement, const OnDirCreated& on_created)
      : root_fd_(root_fd), mode_(mode), confinement_(confinement), on_created_(on_created) {}

  int run(std::string_view path, int depth) {
    if (depth > kMaxLinkDepth) return fail(path, -ELOOP);
    int current = ::fcntl(root_fd_, F_DUPFD_CLOEXEC, 0);
    if (current < 0) return fail("", -errno);
    UniqueFd owned(current);
    size_t pos = 0;
    while (pos < path.size()) {
      size_t slash = path.find('/', pos);
      if (slash == std::string_view::npos) slash = path.size();
      std::string component(path.substr(pos, slash - pos));
      std::string prefix(path.substr(0, slash));
      pos = slash + 1;
      if (component.empty() || component == ".") continue;
      int fd = open_dir(prefix);
      if (fd == -ENOENT && confinement_ == Confinement::kInRoot &&
          is_symlink_at(owned.get(), component)) {
        // A dangling symlink: create what it names, inside the root.
        std::string target = link_destination(owned.get(), component, split_last(prefix).first);
        int made = run(target, depth + 1);
        if (made < 0) return made;
        ::close(made);
        fd = open_dir(prefix);
      }
      if (fd == -ENOENT) {
        if (::mkdirat(owned.get(), component.c_str(), mode_) != 0 && errno != EEXIST) {
          return fail(prefix, -errno);
        }
        // mkdirat applies the umask; the mode asked for is what Docker and tar produce.
        if (::fchmodat(owned.get(), component.c_str(), mode_, 0) != 0) return fail(prefix, -errno);
        if (on_created_) on_created_(owned.get(), component.c_str());
        fd = open_dir(prefix);
      }
      if (fd < 0) return fail(prefix, fd);
      owned.reset(fd);
    }
    return owned.release();
  }

  std::string failed_at;

 private:
  int open_dir(const std::string& prefix) {
    return openat2_confined(root_fd_, prefix, {confinement_, O_RDONLY | O_DIRECTORY, 0, false});
  }
  int fail(std::string_view prefix, int err) {
    failed_at = prefix;
    return err;
  }

  int root_fd_;
  mode_t mode_;
  Confinement confinement_;
  const OnDirCreated& on_created_;
};

}  // namespace

int mkdir_all_confined(int root_fd, std::string_view path, mode_t mode, Confinement confinement,
                       const OnDirCreated& on_created, std::string* failed_at) {
  MkdirAll mkdir_all(root_fd, mode, confinement, on_created);
  int fd = mkdir_all.run(path, 0);
  if (fd < 0 && failed_at) *failed_at = mkdir_all.failed_at;
  return fd;
}

UniqueFd make_dirs_in_root(int root_fd, std::string_view path, mode_t mode,
                           const OnDirCreated& on_created) {
  std::string at;
  int fd = mkdir_all_confined(root_fd, path, mode, Confinement::kInRoot, on_created, &at);
  if (fd >= 0) return UniqueFd(fd);
  std::string shown = "\"/" + at + "\"";
  switch (-fd) {
    case ENOTDIR:
    case EEXIST:
      throw Error(shown + " exists and is not a directory");
    case ELOOP:
      throw Error("too many levels of symbolic links in \"/" + std::string(path) + "\"");
    default:
      throw_confined_open_error("create directory " + shown, -fd);
  }
}

UniqueFd open_dir_in_root(int root_fd, std::string_view path, std::string_view path_for_errors) {
  int fd = openat2_in_root(root_fd, path, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) return UniqueFd(fd);
  std::string what = "\"" + std::string(path_for_errors) + "\"";
  if (fd == -ENOENT) throw NotFoundError(what + ": not found");
  if (fd == -ENOTDIR) throw Error(what + ": not a directory");
  throw_confined_open_error("open " + what, -fd);
}

}  // namespace berth
