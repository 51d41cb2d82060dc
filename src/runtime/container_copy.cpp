#include "runtime/container_copy.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/tar_policy.hpp"
#include "image/layer/unpack_tar.hpp"
#include "image/layer/write_layer_tar.hpp"

namespace berth::runtime {
namespace {

// An invalid fd when `path` cannot be opened inside the root (the callers say "not found").
UniqueFd open_dir_or_none(int root_fd, const std::string& path) {
  int fd = openat2_in_root(root_fd, path, O_RDONLY | O_DIRECTORY);
  if (fd == -ENOSYS) throw_confined_open_error("copying to or from a container", ENOSYS);
  return UniqueFd(fd < 0 ? -1 : fd);
}

uint64_t copy_fd(int from, int to, const std::string& what) {
  uint64_t total = 0;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(from, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read " + what);
    }
    if (n == 0) return total;
    write_all(to, buf, static_cast<size_t>(n), what);
    total += static_cast<uint64_t>(n);
  }
}

// Copies the entry `name` of the container directory `dir_fd` to the host path `to`.
uint64_t copy_out_entry(int dir_fd, const std::string& name, const fs::path& to,
                        const std::string& shown) {
  struct stat st {};
  if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0)
    throw_errno("stat " + shown);
  if (S_ISLNK(st.st_mode)) {
    std::vector<char> target(PATH_MAX + 1);
    ssize_t n = ::readlinkat(dir_fd, name.c_str(), target.data(), PATH_MAX);
    if (n < 0) throw_errno("readlink " + shown);
    std::error_code ec;
    fs::remove(to, ec);
    if (::symlink(std::string(target.data(), static_cast<size_t>(n)).c_str(), to.c_str()) != 0)
      throw_errno("symlink " + to.string());
    return 0;
  }
  if (S_ISDIR(st.st_mode)) {
    UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) throw_errno("open " + shown);
    if (::mkdir(to.c_str(), st.st_mode & 07777) != 0 && errno != EEXIST)
      throw_errno("mkdir " + to.string());
    DIR* d = ::fdopendir(::dup(sub.get()));
    if (!d) throw_errno("read directory " + shown);
    std::vector<std::string> names;
    while (struct dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
    uint64_t total = 0;
    for (const auto& n : names) total += copy_out_entry(sub.get(), n, to / n, shown + "/" + n);
    return total;
  }
  if (!S_ISREG(st.st_mode)) return 0;  // devices, sockets and fifos are not copied
  UniqueFd in(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!in.valid()) throw_errno("open " + shown);
  UniqueFd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777));
  if (!out.valid()) throw_errno("create " + to.string());
  return copy_fd(in.get(), out.get(), to.string());
}

// Everything copied in belongs to the container's root, or with cp -a to its source's owner,
// as Docker's untar chowns each entry (an overwritten file included). EPERM: a caller without
// the right keeps what it made, as rootless Docker does.
void chown_entry(int dir_fd, const char* name, uid_t uid, gid_t gid, const std::string& shown) {
  if (::fchownat(dir_fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0 && errno != EPERM) {
    throw_errno("chown " + shown);
  }
}

void give_owner(int dir_fd, const std::string& name, const struct stat& st, bool keep_owners,
                const std::string& shown) {
  chown_entry(dir_fd, name.c_str(), keep_owners ? st.st_uid : 0, keep_owners ? st.st_gid : 0,
              shown);
}

// Copies the host path `from` to the entry `name` of the container directory `dir_fd`.
uint64_t copy_in_entry(const fs::path& from, int dir_fd, const std::string& name,
                       const std::string& shown, bool keep_owners) {
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) throw_errno("stat " + from.string());
  struct stat existing {};
  bool exists = ::fstatat(dir_fd, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0;
  // An existing symlink is replaced, never followed.
  if (exists && S_ISLNK(existing.st_mode)) {
    if (::unlinkat(dir_fd, name.c_str(), 0) != 0) throw_errno("replace " + shown);
    exists = false;
  }
  if (S_ISLNK(st.st_mode)) {
    auto target = fs::read_symlink(from);
    if (exists) ::unlinkat(dir_fd, name.c_str(), S_ISDIR(existing.st_mode) ? AT_REMOVEDIR : 0);
    if (::symlinkat(target.c_str(), dir_fd, name.c_str()) != 0) throw_errno("symlink " + shown);
    give_owner(dir_fd, name, st, keep_owners, shown);
    return 0;
  }
  if (S_ISDIR(st.st_mode)) {
    if (!exists && ::mkdirat(dir_fd, name.c_str(), st.st_mode & 07777) != 0)
      throw_errno("mkdir " + shown);
    UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) throw_errno("open " + shown);
    give_owner(dir_fd, name, st, keep_owners, shown);
    uint64_t total = 0;
    for (const auto& e : fs::directory_iterator(from)) {
      auto n = e.path().filename().string();
      total += copy_in_entry(e.path(), sub.get(), n, shown + "/" + n, keep_owners);
    }
    return total;
  }
  if (!S_ISREG(st.st_mode)) return 0;
  UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in.valid()) throw_errno("open " + from.string());
  UniqueFd out(::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                        st.st_mode & 07777));
  if (!out.valid()) throw_errno("create " + shown);
  give_owner(dir_fd, name, st, keep_owners, shown);
  return copy_fd(in.get(), out.get(), shown);
}

std::pair<std::string, std::string> split_parent(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  auto slash = p.rfind('/');
  if (slash == std::string::npos) return {".", p};
  return {slash == 0 ? "/" : p.substr(0, slash), p.substr(slash + 1)};
}

bool ends_with_dot(const std::string& p) {
  return p.size() >= 2 && p.compare(p.size() - 2, 2, "/.") == 0;
}

// What `path` leads to inside the root, every symlink followed there (cp -L): its container
// path, which has none left. Read back from the kernel's own resolution (openat2 IN_ROOT), so
// a symlink to "/etc/passwd" is the container's, never the host's.
std::string resolved_in_root(int root_fd, const std::string& path, const std::string& shown) {
  int fd = openat2_in_root(root_fd, path, O_PATH);
  if (fd < 0) throw NotFoundError("Could not find the file " + shown + " in container");
  UniqueFd target(fd);
  auto where = [](int any_fd) {
    return fs::read_symlink("/proc/self/fd/" + std::to_string(any_fd)).string();
  };
  std::string root = where(root_fd), full = where(target.get());
  if (full == root) return "/";
  if (full.rfind(root + "/", 0) != 0) {
    throw Error("cp: " + shown + " resolves outside the container's root");
  }
  return full.substr(root.size());
}

// cp -L: the directory and the name of what the symlink `source` leads to inside the root.
struct FollowedEntry {
  UniqueFd dir;
  std::string name;
};
FollowedEntry followed_entry(int root_fd, const std::string& source) {
  std::string target = resolved_in_root(root_fd, source, source);
  if (target == "/") return {open_dir_or_none(root_fd, "/"), "."};
  auto [parent, name] = split_parent(target);
  FollowedEntry followed{open_dir_or_none(root_fd, parent), name};
  if (!followed.dir.valid()) {
    throw NotFoundError("Could not find the file " + source + " in container");
  }
  return followed;
}

// A container path being copied out: the open directory that holds what is read and the name
// read there (a symlink's target with -L), and the name it is copied as: the source's own, or
// "." for "SRC/." and for the root.
struct SourceEntry {
  UniqueFd dir;
  std::string read_name;
  std::string name;
  bool contents_only = false;
};
SourceEntry locate_source(int root_fd, const std::string& source, bool follow_link) {
  bool contents_only = ends_with_dot(source);
  auto [parent, name] = split_parent(contents_only ? source.substr(0, source.size() - 2) : source);
  if (name.empty() || name == "/") {  // the root itself
    parent = "/";
    name = ".";
  }
  UniqueFd parent_fd = open_dir_or_none(root_fd, parent);
  struct stat st {};
  if (!parent_fd.valid() ||
      ::fstatat(parent_fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    throw NotFoundError("Could not find the file " + source + " in container");
  }
  SourceEntry entry{std::move(parent_fd), name, name, contents_only};
  if (follow_link && S_ISLNK(st.st_mode)) {
    auto followed = followed_entry(root_fd, source);
    entry.dir = std::move(followed.dir);
    entry.read_name = followed.name;
  }
  return entry;
}

}  // namespace

uint64_t copy_from_container(const fs::path& rootfs, const std::string& source,
                             const fs::path& destination, bool follow_link) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open container rootfs");
  auto entry = locate_source(root.get(), source, follow_link);
  fs::path target = destination;
  std::error_code ec;
  if (fs::is_directory(destination, ec) && !entry.contents_only) target = destination / entry.name;
  if (!fs::exists(target.parent_path().empty() ? "." : target.parent_path(), ec)) {
    throw NotFoundError("destination directory " + target.parent_path().string() +
                        " does not exist");
  }
  return copy_out_entry(entry.dir.get(), entry.read_name, target, source);
}

uint64_t copy_to_container(const fs::path& given_source, const fs::path& rootfs,
                           const std::string& destination, bool keep_owners, bool follow_link) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(given_source, ec)))
    throw NotFoundError("stat " + given_source.string() + ": no such file or directory");
  // -L: a host symlink's target is copied, still under the link's name (the host is the
  // admin's own: following its links is the caller's choice).
  fs::path source = given_source;
  bool follow = follow_link && fs::is_symlink(given_source, ec) && !ends_with_dot(given_source);
  if (follow) {
    source = fs::canonical(given_source, ec);
    if (ec) throw NotFoundError("stat " + given_source.string() + ": " + ec.message());
  }
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open container rootfs");
  std::string src = source.string();
  bool contents_only = ends_with_dot(src);
  // An existing directory destination receives the source inside it.
  UniqueFd dest_dir = open_dir_or_none(root.get(), destination);
  if (dest_dir.valid()) {
    if (contents_only) {
      uint64_t total = 0;
      for (const auto& e : fs::directory_iterator(source.parent_path())) {
        auto n = e.path().filename().string();
        total += copy_in_entry(e.path(), dest_dir.get(), n, destination + "/" + n, keep_owners);
      }
      return total;
    }
    auto n = given_source.filename().string();
    return copy_in_entry(source, dest_dir.get(), n, destination + "/" + n, keep_owners);
  }
  auto [parent, name] = split_parent(destination);
  UniqueFd parent_fd = open_dir_or_none(root.get(), parent);
  if (!parent_fd.valid()) {
    throw NotFoundError("Could not find the file " + parent + " in container");
  }
  return copy_in_entry(contents_only ? source.parent_path() : source, parent_fd.get(), name,
                       destination, keep_owners);
}

void archive_from_container(const fs::path& rootfs, const std::string& source, int output_fd,
                            bool follow_link) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open container rootfs");
  auto entry = locate_source(root.get(), source, follow_link);
  image::write_tree_tar(entry.dir.get(), entry.read_name, entry.contents_only ? "." : entry.name,
                        output_fd);
}

void extract_to_container(int input_fd, const fs::path& rootfs, const std::string& destination,
                          const std::string& shown_destination, bool keep_owners) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open container rootfs");
  UniqueFd dest = open_dir_or_none(root.get(), destination);
  // Docker's words for a file and for a missing path alike.
  if (!dest.valid()) {
    throw InvalidArgumentError("destination \"" + shown_destination + "\" must be a directory");
  }
  auto policy = image::TarPolicy::add_archive(
      ::geteuid() == 0, [keep_owners](int dir_fd, const char* name, uint32_t uid, uint32_t gid) {
        chown_entry(dir_fd, name, keep_owners ? uid : 0, keep_owners ? gid : 0, name);
      });
  policy.noun = "archive";
  policy.root_name = "the destination " + destination;
  image::unpack_tar(input_fd, dest.get(), policy);
}

void archive_rootfs(const fs::path& rootfs, int output_fd) {
  UniqueFd root(::open(rootfs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open container rootfs");
  image::write_tree_tar(root.get(), "", "", output_fd);
}

}  // namespace berth::runtime
