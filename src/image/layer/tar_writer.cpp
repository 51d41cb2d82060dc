#include "image/layer/tar_writer.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/mkdir_all.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "base/safe_fs/remove_tree.hpp"
#include "image/layer/whiteout.hpp"

namespace berth::image {
namespace {

constexpr size_t kMaxCachedParents = 1024;

bool is_missing(int err) {
  return err == ENOENT || err == ENOTDIR || err == ELOOP;
}

size_t depth(std::string_view clean) {
  return clean.empty() ? 0 : static_cast<size_t>(std::count(clean.begin(), clean.end(), '/')) + 1;
}

}  // namespace

TarWriter::TarWriter(int dest_fd, TarPolicy policy) : policy_(std::move(policy)) {
  root_.reset(::fcntl(dest_fd, F_DUPFD_CLOEXEC, 0));
  if (!root_.valid()) throw_errno("duplicate the destination's fd");
  describe_read_error_ = [noun = policy_.noun](archive* a) {
    const char* msg = archive_error_string(a);
    return fmt::format("corrupt {}: {}", noun, msg ? msg : "read failed");
  };
}

std::string TarWriter::entry_message(std::string_view name, std::string_view message) const {
  return fmt::format("{} entry \"{}\": {}", policy_.noun, name, message);
}

void TarWriter::fail(std::string_view message) const {
  throw Error(entry_message(entry_, message));
}

void TarWriter::fail_errno(std::string_view what, int err) const {
  fail(fmt::format("{}: {}", what, std::strerror(err)));
}

std::string TarWriter::clean_name(std::string_view raw) const {
  if (raw.starts_with('/') && !policy_.absolute_names) fail("absolute path not allowed");
  auto clean = clean_beneath(raw);
  if (!clean) fail(fmt::format("path escapes {}", policy_.root_name));
  if (depth(*clean) > policy_.limits.max_depth) {
    fail(fmt::format("path is deeper than the limit of {} components", policy_.limits.max_depth));
  }
  return *std::move(clean);
}

int TarWriter::parent_fd(std::string_view parent, bool create) {
  if (parent.empty()) return root_.get();
  if (auto it = parents_.find(parent); it != parents_.end()) return it->second.get();
  ConfinedOpen how{policy_.confinement, O_RDONLY | O_DIRECTORY, 0, false};
  int fd = openat2_confined(root_.get(), parent, how);
  if (fd == -ENOENT && create) {
    // Missing parents are made as tar makes them (0755), each prefix resolved again.
    fd = mkdir_all_confined(root_.get(), parent, 0755, policy_.confinement,
                            [this](int dir, const char* name) {
                              if (policy_.set_owner) policy_.set_owner(dir, name, 0, 0);
                            });
  }
  if (fd < 0) {
    switch (-fd) {
      case EXDEV:
        fail(fmt::format("path escapes {} through a symlink", policy_.root_name));
      case ENOENT:
        fail(fmt::format("parent directory \"{}\" does not exist", parent));
      case ENOTDIR:
        fail(fmt::format("parent \"{}\" is not a directory", parent));
      case ENOSYS:
        fail("unpacking needs openat2 (Linux 5.6 or newer)");
      default:
        fail_errno(fmt::format("open parent directory \"{}\"", parent), -fd);
    }
  }
  if (parents_.size() >= kMaxCachedParents) parents_.clear();
  parents_.emplace(std::string(parent), UniqueFd(fd));
  return fd;
}

// A later entry replaces an earlier one at the same path, like tar (directories merge and are
// handled by the caller).
void TarWriter::remove_existing(int dir_fd, const char* name) {
  int rc = remove_tree_at(dir_fd, name);
  if (rc != 0 && rc != -ENOENT) fail_errno("remove the existing entry", -rc);
  // A removed directory may be a cached parent; drop the cache before the next entry (not now:
  // `dir_fd` itself lives in it).
  parents_stale_ = true;
}

void TarWriter::own(int dir_fd, const char* name, archive_entry* e) {
  if (!policy_.set_owner) return;
  try {
    policy_.set_owner(dir_fd, name, static_cast<uint32_t>(archive_entry_uid(e)),
                      static_cast<uint32_t>(archive_entry_gid(e)));
  } catch (const Error& err) {
    fail(err.what());  // the same failure, named after its entry
  }
}

void TarWriter::entry_times(archive_entry* e, timespec out[2]) {
  out[1] = {archive_entry_mtime(e), archive_entry_mtime_nsec(e)};
  out[0] = archive_entry_atime_is_set(e)
               ? timespec{archive_entry_atime(e), archive_entry_atime_nsec(e)}
               : out[1];
}

void TarWriter::set_xattrs(archive_entry* e, int fd) {
  if (policy_.xattrs == TarPolicy::Xattrs::kDrop || archive_entry_xattr_reset(e) == 0) return;
  bool privileged = policy_.xattrs == TarPolicy::Xattrs::kAll;
  const char* name;
  const void* value;
  size_t size;
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    std::string_view n = name;
    if (is_overlay_xattr(n)) continue;  // overlayfs control attributes: refused from tars
    if (!privileged && n.starts_with("trusted.")) continue;
    if (::fsetxattr(fd, name, value, size, 0) == 0) continue;
    int err = errno;
    if (err == ENOTSUP || (err == EPERM && !privileged)) continue;
    fail_errno(fmt::format("set xattr {}", n), err);
  }
}

void TarWriter::write(archive* a, archive_entry* e) {
  const char* raw_name = archive_entry_pathname(e);
  entry_ = raw_name ? raw_name : "";
  if (!raw_name || !*raw_name) fail("entry has no usable name");
  if (++entries_ > policy_.limits.max_entries) {
    fail(fmt::format("{} has more than the limit of {} entries", policy_.noun,
                     policy_.limits.max_entries));
  }
  if (parents_stale_) {
    parents_.clear();
    parents_stale_ = false;
  }
  std::string path = clean_name(entry_);
  auto [parent, base] = split_last(path);
  if (policy_.whiteouts == TarPolicy::Whiteouts::kOverlay &&
      write_whiteout_marker(e, parent, base)) {
    return;
  }

  const char* hardlink = archive_entry_hardlink(e);
  mode_t type = archive_entry_filetype(e);
  if (path.empty()) {
    // "./": the destination itself; only its metadata can be set.
    if (type != AE_IFDIR || hardlink) fail(fmt::format("entry replaces {}", policy_.root_name));
    write_dir(e, path, root_.get(), ".");
    return;
  }
  int dir_fd = parent_fd(parent, true);
  std::string name(base);
  if (hardlink) {
    write_hardlink(hardlink, path, dir_fd, name.c_str());
    return;
  }
  switch (type) {
    case AE_IFREG:
      write_file(a, e, dir_fd, name.c_str());
      break;
    case AE_IFDIR:
      write_dir(e, path, dir_fd, name.c_str());
      break;
    case AE_IFLNK:
      write_symlink(e, dir_fd, name.c_str());
      break;
    case AE_IFCHR:
    case AE_IFBLK:
    case AE_IFIFO:
      write_special(e, dir_fd, name.c_str());
      break;
    default:
      fail(fmt::format("unsupported entry type {:o}", type));
  }
}

// overlayfs's form of `.wh.NAME` and `.wh..wh..opq`; false when `base` is no marker.
bool TarWriter::write_whiteout_marker(archive_entry* e, std::string_view parent,
                                      std::string_view base) {
  if (!base.starts_with(kWhiteoutPrefix)) return false;
  if (base == kOpaqueMarker) {
    int fd = parent_fd(parent, true);
    if (::fsetxattr(fd, policy_.opaque_xattr.c_str(), "y", 1, 0) != 0) {
      fail_errno(fmt::format("mark directory opaque ({})", policy_.opaque_xattr), errno);
    }
    return true;
  }
  if (base.starts_with(kWhiteoutMetaPrefix)) return true;  // AUFS bookkeeping, meaningless here
  std::string hidden(base.substr(kWhiteoutPrefix.size()));
  if (hidden.empty() || hidden == "." || hidden == "..") fail("invalid whiteout name");
  write_whiteout(e, parent_fd(parent, true), hidden.c_str());
  return true;
}

void TarWriter::write_file(archive* a, archive_entry* e, int dir_fd, const char* name) {
  const auto& limits = policy_.limits;
  int64_t signed_size = archive_entry_size(e);
  uint64_t size = signed_size < 0 ? 0 : static_cast<uint64_t>(signed_size);
  // Checked against the header before anything is written: a bomb never reaches the disk.
  if (size > limits.max_entry_bytes) {
    fail(fmt::format("size {} exceeds the per-entry limit of {} bytes", size,
                     limits.max_entry_bytes));
  }
  if (size > limits.max_total_bytes - std::min(total_bytes_, limits.max_total_bytes)) {
    fail(fmt::format("{} exceeds the unpacked size limit of {} bytes", policy_.noun,
                     limits.max_total_bytes));
  }
  total_bytes_ += size;

  // O_EXCL|O_NOFOLLOW: never write through whatever is already at this name.
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd fd(::openat(dir_fd, name, kFlags, 0600));
  if (!fd.valid() && errno == EEXIST) {
    remove_existing(dir_fd, name);
    fd.reset(::openat(dir_fd, name, kFlags, 0600));
  }
  if (!fd.valid()) fail_errno("create file", errno);

  uint64_t end = 0;
  for (;;) {
    const void* buf;
    size_t len;
    la_int64_t offset;
    int r = archive_read_data_block(a, &buf, &len, &offset);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) fail(describe_read_error_(a));
    const char* p = static_cast<const char*>(buf);
    // Offsets jump over holes in sparse entries.
    uint64_t at = static_cast<uint64_t>(offset);
    while (len > 0) {
      ssize_t n = ::pwrite(fd.get(), p, len, static_cast<off_t>(at));
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_errno("write", errno);
      }
      p += n;
      len -= static_cast<size_t>(n);
      at += static_cast<uint64_t>(n);
    }
    end = std::max(end, at);
  }
  if (end < size && ::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
    fail_errno("extend sparse file", errno);
  }
  own(dir_fd, name, e);
  set_xattrs(e, fd.get());
  // After chown (which clears setuid/setgid) and after the data (writes clear them too).
  if (::fchmod(fd.get(), archive_entry_perm(e)) != 0) fail_errno("chmod", errno);
  timespec times[2];
  entry_times(e, times);
  if (::futimens(fd.get(), times) != 0) fail_errno("set times", errno);
}

void TarWriter::write_dir(archive_entry* e, const std::string& path, int dir_fd, const char* name) {
  bool is_root = path.empty();
  if (!is_root) {
    // 0700 until finish(): we must be able to create the children of a read-only directory.
    if (::mkdirat(dir_fd, name, 0700) != 0) {
      if (errno != EEXIST) fail_errno("create directory", errno);
      struct stat st;
      if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("stat", errno);
      if (!S_ISDIR(st.st_mode)) {  // a directory over a directory merges; anything else goes
        remove_existing(dir_fd, name);
        if (::mkdirat(dir_fd, name, 0700) != 0) fail_errno("create directory", errno);
      }
    }
  }
  if (!is_root || policy_.root_entry_sets_owner) {
    own(dir_fd, name, e);
    if (policy_.xattrs != TarPolicy::Xattrs::kDrop && archive_entry_xattr_count(e) > 0) {
      UniqueFd fd(::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!fd.valid()) fail_errno("open directory", errno);
      set_xattrs(e, fd.get());
    }
  }
  DirMeta meta{archive_entry_perm(e), {}};
  entry_times(e, meta.times);
  dirs_[path] = meta;
}

void TarWriter::write_symlink(archive_entry* e, int dir_fd, const char* name) {
  const char* target = archive_entry_symlink(e);
  if (!target || !*target) fail("symlink has no target");
  // The target is stored, never followed here: symlinks may point anywhere.
  if (::symlinkat(target, dir_fd, name) != 0) {
    if (errno != EEXIST) fail_errno("create symlink", errno);
    remove_existing(dir_fd, name);
    if (::symlinkat(target, dir_fd, name) != 0) fail_errno("create symlink", errno);
  }
  symlink_bytes_ += std::strlen(target);
  own(dir_fd, name, e);
  timespec times[2];
  entry_times(e, times);
  if (::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("set times", errno);
}

void TarWriter::write_hardlink(const char* target, const std::string& path, int dir_fd,
                               const char* name) {
  auto escape = [&] {
    fail(fmt::format("hardlink target \"{}\" escapes {}", target, policy_.root_name));
  };
  auto missing = [&] { fail(fmt::format("hardlink target \"{}\" does not exist", target)); };
  std::string_view raw = target;
  auto clean = clean_beneath(raw);
  if (!clean || (raw.starts_with('/') && !policy_.absolute_names)) escape();
  if (clean->empty()) fail(fmt::format("hardlink target \"{}\" is {}", target, policy_.root_name));
  if (*clean == path) return;  // a link to itself: already there
  auto [tparent, tbase] = split_last(*clean);
  UniqueFd owned_tdir;
  int tdir = root_.get();
  if (!tparent.empty()) {
    int fd = openat2_confined(root_.get(), tparent,
                              {policy_.confinement, O_RDONLY | O_DIRECTORY, 0, false});
    if (fd == -EXDEV) escape();
    if (fd < 0) missing();
    owned_tdir.reset(fd);
    tdir = fd;
  }
  std::string tname(tbase);
  // linkat without AT_SYMLINK_FOLLOW links the target itself, never what it points to.
  if (::linkat(tdir, tname.c_str(), dir_fd, name, 0) != 0) {
    int err = errno;
    if (err == EEXIST) {
      remove_existing(dir_fd, name);
      if (::linkat(tdir, tname.c_str(), dir_fd, name, 0) == 0) return;
      err = errno;
    }
    if (err == ENOENT) missing();
    fail_errno(fmt::format("hardlink to \"{}\"", target), err);
  }
}

void TarWriter::write_special(archive_entry* e, int dir_fd, const char* name) {
  mode_t type = archive_entry_filetype(e);
  if (type != AE_IFIFO) {
    if (policy_.devices == TarPolicy::Devices::kRefuse) fail("device nodes are not allowed here");
    if (policy_.devices == TarPolicy::Devices::kSkip) return;
  }
  dev_t dev = type == AE_IFIFO ? 0 : archive_entry_rdev(e);
  if (::mknodat(dir_fd, name, type | 0600, dev) != 0) {
    if (errno != EEXIST) fail_errno("create special file", errno);
    remove_existing(dir_fd, name);
    if (::mknodat(dir_fd, name, type | 0600, dev) != 0) fail_errno("create special file", errno);
  }
  own(dir_fd, name, e);
  if (::fchmodat(dir_fd, name, archive_entry_perm(e), 0) != 0) fail_errno("chmod", errno);
  timespec times[2];
  entry_times(e, times);
  if (::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("set times", errno);
}

void TarWriter::write_whiteout(archive_entry* e, int dir_fd, const char* name) {
  // overlayfs's whiteout: a 0/0 character device (allowed unprivileged since Linux 5.8).
  if (::mknodat(dir_fd, name, S_IFCHR, makedev(0, 0)) != 0) {
    if (errno != EEXIST) fail_errno("create whiteout", errno);
    remove_existing(dir_fd, name);
    if (::mknodat(dir_fd, name, S_IFCHR, makedev(0, 0)) != 0) {
      fail_errno("create whiteout", errno);
    }
  }
  // The marker's time, not the clock's: unpacking the same layer twice gives the same tree,
  // and a snapshot diffs back to the layer it came from.
  timespec times[2];
  entry_times(e, times);
  if (::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("set times", errno);
}

void TarWriter::finish() {
  std::vector<std::pair<const std::string*, const DirMeta*>> order;
  order.reserve(dirs_.size());
  for (const auto& [path, meta] : dirs_) order.emplace_back(&path, &meta);
  std::sort(order.begin(), order.end(),
            [](const auto& x, const auto& y) { return depth(*x.first) > depth(*y.first); });
  for (const auto& [path, meta] : order) {
    entry_ = path->empty() ? "." : *path;
    int fd = path->empty() ? ::fcntl(root_.get(), F_DUPFD_CLOEXEC, 0)
                           : openat2_confined(root_.get(), *path,
                                              {policy_.confinement,
                                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, false});
    if (fd < 0) {
      int err = path->empty() ? errno : -fd;
      if (is_missing(err)) continue;  // replaced by a later entry
      fail_errno("open directory", err);
    }
    UniqueFd owned(fd);
    if (::fchmod(fd, meta->mode) != 0) fail_errno("chmod", errno);
    if (::futimens(fd, meta->times) != 0) fail_errno("set times", errno);
  }
}

}  // namespace berth::image
