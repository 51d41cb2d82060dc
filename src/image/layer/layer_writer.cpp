#include "image/layer/layer_writer.hpp"

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
#include "image/layer/entry_path.hpp"
#include "image/layer/whiteout.hpp"

namespace berth::image {
namespace {

constexpr size_t kMaxCachedParents = 1024;

bool is_missing(int err) {
  return err == ENOENT || err == ENOTDIR || err == ELOOP;
}

}  // namespace

LayerWriter::LayerWriter(const std::filesystem::path& dest, const ApplyOptions& options,
                         std::function<std::string(archive*)> describe_read_error)
    : options_(options), describe_read_error_(std::move(describe_read_error)) {
  options_.on_raw_bytes = nullptr;  // not ours to call
  root_.reset(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_.valid()) throw_errno("open layer destination " + dest.string());
  opaque_xattr_ = options.opaque_xattr;
  if (opaque_xattr_.empty()) {
    opaque_xattr_ = options.privileged ? kTrustedOpaqueXattr : kUserOpaqueXattr;
  }
}

void LayerWriter::fail(std::string_view message) const {
  throw Error(entry_message(entry_, message));
}

void LayerWriter::fail_errno(std::string_view what, int err) const {
  fail(fmt::format("{}: {}", what, std::strerror(err)));
}

int LayerWriter::parent_fd(std::string_view parent, bool create) {
  if (parent.empty()) return root_.get();
  if (auto it = parents_.find(parent); it != parents_.end()) return it->second.get();
  int fd = openat2_beneath(root_.get(), std::string(parent).c_str(), O_RDONLY | O_DIRECTORY);
  // Missing parents are made as tar makes them (0755), each prefix resolved beneath the root.
  if (fd == -ENOENT && create)
    fd = mkdir_all_confined(root_.get(), parent, 0755, Confinement::kBeneath);
  if (fd < 0) {
    switch (-fd) {
      case EXDEV:
        fail("path escapes the layer root through a symlink");
      case ENOENT:
        fail(fmt::format("parent directory \"{}\" does not exist", parent));
      case ENOTDIR:
        fail(fmt::format("parent \"{}\" is not a directory", parent));
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
void LayerWriter::remove_existing(int dir_fd, const char* name) {
  int rc = remove_tree_at(dir_fd, name);
  if (rc != 0 && rc != -ENOENT) fail_errno("remove the existing entry", -rc);
  // A removed directory may be a cached parent; drop the cache before the next entry (not now:
  // `dir_fd` itself lives in it).
  parents_stale_ = true;
}

void LayerWriter::entry_times(archive_entry* e, timespec out[2]) {
  out[1] = {archive_entry_mtime(e), archive_entry_mtime_nsec(e)};
  out[0] = archive_entry_atime_is_set(e)
               ? timespec{archive_entry_atime(e), archive_entry_atime_nsec(e)}
               : out[1];
}

void LayerWriter::set_xattrs(archive_entry* e, int fd) {
  if (archive_entry_xattr_reset(e) == 0) return;
  const char* name;
  const void* value;
  size_t size;
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    std::string_view n = name;
    if (is_overlay_xattr(n)) continue;  // overlayfs control attributes: refused from layers
    if (!options_.privileged && n.starts_with("trusted.")) continue;
    if (::fsetxattr(fd, name, value, size, 0) == 0) continue;
    int err = errno;
    if (err == ENOTSUP || (err == EPERM && !options_.privileged)) continue;
    fail_errno(fmt::format("set xattr {}", n), err);
  }
}

void LayerWriter::write(archive* a, archive_entry* e) {
  const char* raw_name = archive_entry_pathname(e);
  entry_ = raw_name ? raw_name : "";
  if (!raw_name) fail("entry has no usable name");
  if (parents_stale_) {
    parents_.clear();
    parents_stale_ = false;
  }
  std::string path = clean_entry_path(entry_, entry_);
  auto [parent, base] = split_last(path);

  if (base.starts_with(kWhiteoutPrefix)) {
    if (base == kOpaqueMarker) {
      int fd = parent_fd(parent, true);
      if (::fsetxattr(fd, opaque_xattr_.c_str(), "y", 1, 0) != 0) {
        fail_errno(fmt::format("mark directory opaque ({})", opaque_xattr_), errno);
      }
      return;
    }
    if (base.starts_with(kWhiteoutMetaPrefix)) return;  // AUFS bookkeeping, meaningless here
    std::string hidden(base.substr(kWhiteoutPrefix.size()));
    if (hidden.empty() || hidden == "." || hidden == "..") fail("invalid whiteout name");
    write_whiteout(e, parent_fd(parent, true), hidden.c_str());
    return;
  }

  const char* hardlink = archive_entry_hardlink(e);
  mode_t type = archive_entry_filetype(e);
  if (path.empty()) {
    // "./": the layer root itself; only its metadata can be set.
    if (type != AE_IFDIR || hardlink) fail("entry replaces the layer root");
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

void LayerWriter::write_file(archive* a, archive_entry* e, int dir_fd, const char* name) {
  const auto& limits = options_.limits;
  int64_t signed_size = archive_entry_size(e);
  uint64_t size = signed_size < 0 ? 0 : static_cast<uint64_t>(signed_size);
  // Checked against the header before anything is written: a bomb never reaches the disk.
  if (size > limits.max_entry_bytes) {
    fail(fmt::format("size {} exceeds the per-entry limit of {} bytes", size,
                     limits.max_entry_bytes));
  }
  if (size > limits.max_unpacked_bytes - std::min(unpacked_bytes_, limits.max_unpacked_bytes)) {
    fail(fmt::format("layer exceeds the unpacked size limit of {} bytes",
                     limits.max_unpacked_bytes));
  }
  unpacked_bytes_ += size;

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
  if (options_.privileged && ::fchown(fd.get(), archive_entry_uid(e), archive_entry_gid(e)) != 0) {
    fail_errno("chown", errno);
  }
  set_xattrs(e, fd.get());
  // After chown (which clears setuid/setgid) and after the data (writes clear them too).
  if (::fchmod(fd.get(), archive_entry_perm(e)) != 0) fail_errno("chmod", errno);
  timespec times[2];
  entry_times(e, times);
  if (::futimens(fd.get(), times) != 0) fail_errno("set times", errno);
}

void LayerWriter::write_dir(archive_entry* e, const std::string& path, int dir_fd,
                            const char* name) {
  if (!path.empty()) {
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
  if (options_.privileged && ::fchownat(dir_fd, name, archive_entry_uid(e), archive_entry_gid(e),
                                        AT_SYMLINK_NOFOLLOW) != 0) {
    fail_errno("chown", errno);
  }
  if (archive_entry_xattr_count(e) > 0) {
    UniqueFd fd(::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) fail_errno("open directory", errno);
    set_xattrs(e, fd.get());
  }
  DirMeta meta{archive_entry_perm(e), {}};
  entry_times(e, meta.times);
  dirs_[path] = meta;
}

void LayerWriter::write_symlink(archive_entry* e, int dir_fd, const char* name) {
  const char* target = archive_entry_symlink(e);
  if (!target || !*target) fail("symlink has no target");
  // The target is stored, never followed: symlinks may point anywhere.
  if (::symlinkat(target, dir_fd, name) != 0) {
    if (errno != EEXIST) fail_errno("create symlink", errno);
    remove_existing(dir_fd, name);
    if (::symlinkat(target, dir_fd, name) != 0) fail_errno("create symlink", errno);
  }
  if (options_.privileged && ::fchownat(dir_fd, name, archive_entry_uid(e), archive_entry_gid(e),
                                        AT_SYMLINK_NOFOLLOW) != 0) {
    fail_errno("chown", errno);
  }
  timespec times[2];
  entry_times(e, times);
  if (::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("set times", errno);
}

void LayerWriter::write_hardlink(const char* target, const std::string& path, int dir_fd,
                                 const char* name) {
  auto escape = [&] { fail(fmt::format("hardlink target \"{}\" escapes the layer root", target)); };
  std::string clean;
  try {
    clean = clean_entry_path(target, entry_);
  } catch (const Error&) {
    escape();
  }
  if (clean.empty()) fail(fmt::format("hardlink target \"{}\" is the layer root", target));
  if (clean == path) return;  // a link to itself: already there
  auto [tparent, tbase] = split_last(clean);
  int tdir;
  try {
    tdir = parent_fd(tparent, false);
  } catch (const Error&) {
    int probe = openat2_beneath(root_.get(), std::string(tparent).c_str(), O_PATH);
    if (probe == -EXDEV) escape();
    if (probe >= 0) ::close(probe);
    fail(fmt::format("hardlink target \"{}\" does not exist", target));
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
    if (err == ENOENT) fail(fmt::format("hardlink target \"{}\" does not exist", target));
    fail_errno(fmt::format("hardlink to \"{}\"", target), err);
  }
}

void LayerWriter::write_special(archive_entry* e, int dir_fd, const char* name) {
  mode_t type = archive_entry_filetype(e);
  // Device nodes need privilege; rootless unpacking skips them, as rootless Docker/Podman do.
  if (type != AE_IFIFO && !options_.privileged) return;
  dev_t dev = type == AE_IFIFO ? 0 : archive_entry_rdev(e);
  if (::mknodat(dir_fd, name, type | 0600, dev) != 0) {
    if (errno != EEXIST) fail_errno("create device node", errno);
    remove_existing(dir_fd, name);
    if (::mknodat(dir_fd, name, type | 0600, dev) != 0) fail_errno("create device node", errno);
  }
  if (options_.privileged && ::fchownat(dir_fd, name, archive_entry_uid(e), archive_entry_gid(e),
                                        AT_SYMLINK_NOFOLLOW) != 0) {
    fail_errno("chown", errno);
  }
  if (::fchmodat(dir_fd, name, archive_entry_perm(e), 0) != 0) fail_errno("chmod", errno);
  timespec times[2];
  entry_times(e, times);
  if (::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("set times", errno);
}

void LayerWriter::write_whiteout(archive_entry* e, int dir_fd, const char* name) {
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

void LayerWriter::finish() {
  std::vector<std::pair<const std::string*, const DirMeta*>> order;
  order.reserve(dirs_.size());
  for (const auto& [path, meta] : dirs_) order.emplace_back(&path, &meta);
  auto depth = [](const std::string& p) {
    return p.empty() ? -1 : static_cast<int>(std::count(p.begin(), p.end(), '/'));
  };
  std::sort(order.begin(), order.end(),
            [&](const auto& x, const auto& y) { return depth(*x.first) > depth(*y.first); });
  for (const auto& [path, meta] : order) {
    entry_ = path->empty() ? "." : *path;
    UniqueFd fd(path->empty() ? ::fcntl(root_.get(), F_DUPFD_CLOEXEC, 0)
                              : openat2_beneath(root_.get(), path->c_str(),
                                                O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    if (fd.get() < 0) {
      int err = path->empty() ? errno : -fd.get();
      fd.release();
      if (is_missing(err)) continue;  // replaced by a later entry
      fail_errno("open directory", err);
    }
    if (::fchmod(fd.get(), meta->mode) != 0) fail_errno("chmod", errno);
    if (::futimens(fd.get(), meta->times) != 0) fail_errno("set times", errno);
  }
}

}  // namespace berth::image
