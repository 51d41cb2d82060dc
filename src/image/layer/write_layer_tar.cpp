#include "image/layer/write_layer_tar.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/archive_handles.hpp"
#include "image/layer/whiteout.hpp"

namespace berth::image {
namespace {

constexpr size_t kBufferBytes = 1 << 20;

[[noreturn]] void fail(std::string_view path, std::string_view message) {
  throw Error(fmt::format("layer diff \"{}\": {}", path, message));
}

[[noreturn]] void fail_errno(std::string_view path, std::string_view what, int err) {
  fail(path, fmt::format("{}: {}", what, std::strerror(err)));
}

// Buffers libarchive's small writes into large ones and hashes what goes out.
struct Sink {
  int fd;
  Sha256 hash;
  uint64_t size = 0;
  std::vector<char> buffer;
  std::exception_ptr error;

  void flush() {
    write_all(fd, buffer.data(), buffer.size(), "layer tar");
    buffer.clear();
  }
};

la_ssize_t write_callback(archive* a, void* opaque, const void* data, size_t n) {
  auto* sink = static_cast<Sink*>(opaque);
  try {
    sink->hash.update(data, n);
    sink->size += n;
    if (sink->buffer.size() + n > kBufferBytes) sink->flush();
    if (n >= kBufferBytes) {
      write_all(sink->fd, data, n, "layer tar");
    } else {
      const char* p = static_cast<const char*>(data);
      sink->buffer.insert(sink->buffer.end(), p, p + n);
    }
    return static_cast<la_ssize_t>(n);
  } catch (...) {
    sink->error = std::current_exception();
    archive_set_error(a, EIO, "write failed");
    return -1;
  }
}

// Writes a directory tree (an upper dir's changes) as a layer tar.
class LayerDiffWriter {
 public:
  LayerDiffWriter(int fd, const DiffOptions& options) : options_(options) {
    sink_.fd = fd;
    sink_.buffer.reserve(kBufferBytes);
    a_.reset(archive_write_new());
    if (!a_) throw Error("layer diff: cannot allocate a tar writer");
    // Restricted PAX: plain ustar headers unless a name, id or xattr needs an extension,
    // which keeps the output byte-identical for identical trees.
    archive_write_set_format_pax_restricted(a_.get());
    // No record blocking: only the two end-of-archive blocks, like Docker's layers.
    archive_write_set_bytes_per_block(a_.get(), 0);
    if (archive_write_open(a_.get(), &sink_, nullptr, write_callback, nullptr) != ARCHIVE_OK) {
      check(ARCHIVE_FATAL, "");
    }
    buffer_.resize(kBufferBytes);
  }

  // Writes the children of the directory `dir_fd`, named under `rel`. Every name is looked up
  // in its parent's open directory, never along a path: a tree that a running container
  // changes meanwhile (a directory swapped for a symlink) cannot lead the walk outside it.
  void walk(int dir_fd, const std::string& rel) {
    for (const auto& name : list(dir_fd, rel)) {
      std::string path = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        fail_errno(path, "stat", errno);
      }
      if (S_ISSOCK(st.st_mode)) continue;
      if (options_.layer_markers && S_ISCHR(st.st_mode) && st.st_rdev == 0) {
        std::string wh = (rel.empty() ? "" : rel + "/") + std::string(kWhiteoutPrefix) + name;
        write_marker(wh, st);
        continue;
      }
      write_tree(dir_fd, name, path, st);
    }
  }

  // Writes the entry `name` of `dir_fd` as `path`, and everything below it.
  void write_tree(int dir_fd, const std::string& name, const std::string& path,
                  const struct stat& st) {
    const std::string full = in_dir(dir_fd, name);
    write_entry(full, path, st);
    if (!S_ISDIR(st.st_mode)) return;
    if (options_.layer_markers && is_opaque(full)) {
      write_marker(path + "/" + std::string(kOpaqueMarker), st);
    }
    UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) fail_errno(path, "open directory", errno);
    walk(sub.get(), path);
  }

  DiffResult finish() {
    check(archive_write_close(a_.get()), "");
    sink_.flush();
    return {sink_.hash.finish(), sink_.size};
  }

 private:
  void check(int r, std::string_view path) {
    if (r >= ARCHIVE_WARN) return;
    if (sink_.error) std::rethrow_exception(sink_.error);
    const char* msg = archive_error_string(a_.get());
    fail(path, msg ? msg : "tar writer failed");
  }

  // The name `name` in the open directory `dir_fd`, for the calls that take a path (lstat's
  // kin, xattrs, readlink): the kernel resolves the directory from the descriptor and only
  // `name` from there, never following it.
  static std::string in_dir(int dir_fd, const std::string& name) {
    return "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name;
  }

  static std::vector<std::string> list(int dir_fd, const std::string& rel) {
    int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    std::unique_ptr<DIR, int (*)(DIR*)> d(fd < 0 ? nullptr : ::fdopendir(fd), ::closedir);
    if (!d) {
      int err = errno;
      if (fd >= 0) ::close(fd);
      fail_errno(rel.empty() ? "." : rel, "open directory", err);
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d.get())) {
      std::string_view n = e->d_name;
      if (n != "." && n != "..") names.emplace_back(n);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  bool is_opaque(const std::filesystem::path& full) const {
    auto check_one = [&](std::string_view name) {
      char value[2];
      ssize_t n = ::lgetxattr(full.c_str(), std::string(name).c_str(), value, sizeof value);
      return n == 1 && value[0] == 'y';
    };
    if (!options_.opaque_xattr.empty()) return check_one(options_.opaque_xattr);
    return check_one(kTrustedOpaqueXattr) || check_one(kUserOpaqueXattr);
  }

  // Whiteouts and opaque markers: empty regular files, as Docker writes them.
  void write_marker(const std::string& path, const struct stat& st) {
    ArchiveEntryHandle e(archive_entry_new());
    archive_entry_copy_pathname(e.get(), path.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0);
    archive_entry_set_size(e.get(), 0);
    archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, 0);
    check(archive_write_header(a_.get(), e.get()), path);
  }

  void add_xattrs(archive_entry* e, const std::filesystem::path& full, const std::string& path) {
    ssize_t len = ::llistxattr(full.c_str(), nullptr, 0);
    if (len < 0) {
      if (errno == ENOTSUP) return;
      fail_errno(path, "list xattrs", errno);
    }
    if (len == 0) return;
    std::vector<char> names(static_cast<size_t>(len));
    len = ::llistxattr(full.c_str(), names.data(), names.size());
    if (len < 0) fail_errno(path, "list xattrs", errno);
    std::vector<std::string> sorted;
    for (size_t i = 0; i < static_cast<size_t>(len);) {
      std::string name(names.data() + i);
      i += name.size() + 1;
      if (!name.empty() && !is_overlay_xattr(name)) sorted.push_back(std::move(name));
    }
    std::sort(sorted.begin(), sorted.end());
    for (const auto& name : sorted) {
      ssize_t vlen = ::lgetxattr(full.c_str(), name.c_str(), nullptr, 0);
      if (vlen < 0) fail_errno(path, "read xattr " + name, errno);
      std::vector<char> value(static_cast<size_t>(vlen));
      vlen = ::lgetxattr(full.c_str(), name.c_str(), value.data(), value.size());
      if (vlen < 0) fail_errno(path, "read xattr " + name, errno);
      archive_entry_xattr_add_entry(e, name.c_str(), value.data(), static_cast<size_t>(vlen));
    }
  }

  void write_entry(const std::filesystem::path& full, const std::string& path,
                   const struct stat& st) {
    ArchiveEntryHandle e(archive_entry_new());
    archive_entry_copy_pathname(e.get(), path.c_str());
    archive_entry_set_uid(e.get(), st.st_uid);
    archive_entry_set_gid(e.get(), st.st_gid);
    archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, 0);
    archive_entry_set_mode(e.get(), st.st_mode);
    add_xattrs(e.get(), full, path);

    bool with_data = false;
    if (S_ISREG(st.st_mode)) {
      if (st.st_nlink > 1) {
        auto [it, first] = links_.emplace(std::pair{st.st_dev, st.st_ino}, path);
        if (!first) {
          archive_entry_copy_hardlink(e.get(), it->second.c_str());
          archive_entry_set_size(e.get(), 0);
          check(archive_write_header(a_.get(), e.get()), path);
          return;
        }
      }
      archive_entry_set_size(e.get(), st.st_size);
      with_data = true;
    } else if (S_ISLNK(st.st_mode)) {
      std::vector<char> target(static_cast<size_t>(st.st_size) + 1);
      ssize_t n = ::readlink(full.c_str(), target.data(), target.size());
      if (n < 0) fail_errno(path, "read symlink", errno);
      archive_entry_copy_symlink(e.get(),
                                 std::string(target.data(), static_cast<size_t>(n)).c_str());
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      archive_entry_set_rdev(e.get(), st.st_rdev);
    }

    if (!with_data) {
      check(archive_write_header(a_.get(), e.get()), path);
      return;
    }
    UniqueFd fd(::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) fail_errno(path, "open", errno);
    check(archive_write_header(a_.get(), e.get()), path);
    uint64_t left = static_cast<uint64_t>(st.st_size);
    while (left > 0) {
      ssize_t n = ::read(fd.get(), buffer_.data(), std::min<uint64_t>(left, buffer_.size()));
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_errno(path, "read", errno);
      }
      if (n == 0) fail(path, "file shrank while being archived");
      la_ssize_t w = archive_write_data(a_.get(), buffer_.data(), static_cast<size_t>(n));
      if (w < 0) check(ARCHIVE_FATAL, path);
      left -= static_cast<uint64_t>(n);
    }
  }

  const DiffOptions& options_;
  Sink sink_;
  ArchiveWriteHandle a_;
  std::vector<char> buffer_;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;
};

}  // namespace

DiffResult write_layer_tar(const std::filesystem::path& dir, int output_fd,
                           const DiffOptions& options) {
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd.valid()) {
    throw Error(fmt::format("layer diff: {} is not a directory", dir.string()));
  }
  LayerDiffWriter writer(output_fd, options);
  writer.walk(dir_fd.get(), "");
  return writer.finish();
}

DiffResult write_tree_tar(int dir_fd, const std::string& name, const std::string& entry_name,
                          int output_fd) {
  DiffOptions options;
  options.layer_markers = false;
  LayerDiffWriter writer(output_fd, options);
  if (entry_name.empty()) {
    writer.walk(dir_fd, "");
  } else {
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0) {
      throw_errno("stat " + entry_name);
    }
    writer.write_tree(dir_fd, name, entry_name, st);
  }
  return writer.finish();
}

}  // namespace berth::image
