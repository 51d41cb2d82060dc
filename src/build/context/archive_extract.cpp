#include "build/context/archive_extract.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/mkdir_all.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "base/safe_fs/remove_tree.hpp"
#include "base/unique_fd.hpp"

namespace berth::build {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

ArchivePtr new_tar_reader() {
  ArchivePtr a(archive_read_new());
  if (!a) throw Error("cannot allocate a tar reader");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  return a;
}

// Reads a file with pread from offset 0, leaving the caller's file offset alone.
struct PreadSource {
  int fd;
  off_t offset = 0;
  char buffer[64 * 1024];
};

la_ssize_t pread_callback(archive* a, void* opaque, const void** out) {
  auto* src = static_cast<PreadSource*>(opaque);
  for (;;) {
    ssize_t n = ::pread(src->fd, src->buffer, sizeof src->buffer, src->offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      archive_set_error(a, errno, "read failed");
      return -1;
    }
    src->offset += n;
    *out = src->buffer;
    return n;
  }
}

}  // namespace

bool is_tar_archive(int fd) {
  PreadSource src{fd};
  ArchivePtr a = new_tar_reader();
  if (archive_read_open(a.get(), &src, nullptr, pread_callback, nullptr) != ARCHIVE_OK) {
    return false;
  }
  archive_entry* entry;
  int r = archive_read_next_header(a.get(), &entry);
  return r == ARCHIVE_OK || r == ARCHIVE_WARN;
}

bool looks_like_archive(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.starts_with(magic); };
  using namespace std::string_view_literals;
  if (starts("\x1f\x8b"sv) || starts("BZh"sv) ||
      starts("\xfd"
             "7zXZ\0"sv) ||
      starts("\x28\xb5\x2f\xfd"sv)) {
    return true;
  }
  return head.size() >= 262 && head.substr(257, 5) == "ustar";
}

namespace {

class Extractor {
 public:
  Extractor(int root_fd, std::string dest, const ExtractOptions& options)
      : root_fd_(root_fd), dest_(std::move(dest)), options_(options) {}

  void write(archive* a, archive_entry* e);
  void finish();
  ExtractStats stats() const { return stats_; }

 private:
  [[noreturn]] void fail(std::string_view message) const {
    throw Error(fmt::format("archive entry \"{}\": {}", entry_, message));
  }
  [[noreturn]] void fail_errno(std::string_view what, int err) const {
    fail(fmt::format("{}: {}", what, std::strerror(err)));
  }
  std::string clean_name(std::string_view raw) const;
  int parent_fd(std::string_view parent);
  void remove_existing(int dir_fd, const char* name, bool keep_directory);
  void own(int dir_fd, const char* name, archive_entry* e);
  void write_file(archive* a, archive_entry* e, int dir_fd, const char* name);
  void write_hardlink(std::string_view target, int dir_fd, const char* name);
  void set_times(int dir_fd, const char* name, archive_entry* e);

  struct DirMeta {
    std::string path;
    mode_t mode;
    timespec mtime;
  };

  int root_fd_;
  std::string dest_;
  const ExtractOptions& options_;
  std::unordered_map<std::string, UniqueFd> parents_;
  std::vector<DirMeta> dirs_;
  ExtractStats stats_;
  std::string entry_;
};

std::string Extractor::clean_name(std::string_view raw) const {
  if (raw.starts_with('/') && !options_.allow_absolute_names) fail("absolute path not allowed");
  std::string clean = clean_path(raw);
  if (clean == ".." || clean.starts_with("../")) fail("path escapes the destination");
  if (clean.starts_with('/')) clean.erase(0, 1);
  if (clean == "." || clean == "/") clean.clear();
  return clean;
}

int Extractor::parent_fd(std::string_view parent) {
  std::string full = join_relative(dest_, parent);
  if (auto it = parents_.find(full); it != parents_.end()) return it->second.get();
  // Missing parents are created as tar does: 0755, root-owned.
  UniqueFd fd = make_dirs_in_root(root_fd_, full, 0755, [this](int dir, const char* name) {
    if (options_.set_owner) options_.set_owner(dir, name, 0, 0);
  });
  if (parents_.size() > 256) parents_.clear();
  return parents_.emplace(full, std::move(fd)).first->second.get();
}

void Extractor::remove_existing(int dir_fd, const char* name, bool keep_directory) {
  struct stat st;
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (keep_directory && S_ISDIR(st.st_mode)) return;
  int rc = remove_tree_at(dir_fd, name);
  if (rc != 0 && rc != -ENOENT) fail_errno("remove the existing entry", -rc);
  parents_.clear();  // a removed directory may be cached
}

void Extractor::own(int dir_fd, const char* name, archive_entry* e) {
  if (!options_.set_owner) return;
  options_.set_owner(dir_fd, name, static_cast<uint32_t>(archive_entry_uid(e)),
                     static_cast<uint32_t>(archive_entry_gid(e)));
}

void Extractor::set_times(int dir_fd, const char* name, archive_entry* e) {
  timespec times[2] = {{archive_entry_mtime(e), archive_entry_mtime_nsec(e)},
                       {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}};
  if (::utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW) != 0) fail_errno("set times", errno);
}

void Extractor::write(archive* a, archive_entry* e) {
  const char* raw = archive_entry_pathname(e);
  entry_ = raw ? raw : "";
  if (!raw || !*raw) fail("entry has no name");
  if (++stats_.entries > options_.limits.max_entries) {
    fail(fmt::format("archive has more than the limit of {} entries", options_.limits.max_entries));
  }
  std::string path = clean_name(entry_);
  const char* hardlink = archive_entry_hardlink(e);
  mode_t type = archive_entry_filetype(e);
  if (path.empty()) {
    // "./": the destination itself; only a directory's metadata applies.
    if (type != AE_IFDIR || hardlink) fail("entry replaces the destination directory");
    dirs_.push_back(
        {dest_, archive_entry_perm(e), {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}});
    return;
  }
  auto [parent, base] = split_last(path);
  std::string name(base);
  int dir_fd = parent_fd(parent);
  if (hardlink) {
    write_hardlink(hardlink, dir_fd, name.c_str());
    return;
  }
  switch (type) {
    case AE_IFREG:
      write_file(a, e, dir_fd, name.c_str());
      return;
    case AE_IFDIR:
      remove_existing(dir_fd, name.c_str(), true);
      if (::mkdirat(dir_fd, name.c_str(), 0700) != 0 && errno != EEXIST) {
        fail_errno("create directory", errno);
      }
      own(dir_fd, name.c_str(), e);
      dirs_.push_back({join_relative(dest_, path),
                       archive_entry_perm(e),
                       {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}});
      return;
    case AE_IFLNK: {
      const char* target = archive_entry_symlink(e);
      if (!target || !*target) fail("symlink has no target");
      remove_existing(dir_fd, name.c_str(), false);
      // Stored, never followed here: the target may point anywhere.
      if (::symlinkat(target, dir_fd, name.c_str()) != 0) fail_errno("create symlink", errno);
      own(dir_fd, name.c_str(), e);
      set_times(dir_fd, name.c_str(), e);
      return;
    }
    case AE_IFIFO:
    case AE_IFCHR:
    case AE_IFBLK: {
      if (type != AE_IFIFO) {
        if (options_.devices == ExtractOptions::Devices::kRefuse) {
          fail("device nodes are not allowed here");
        }
        if (options_.devices == ExtractOptions::Devices::kSkip) return;
      }
      remove_existing(dir_fd, name.c_str(), false);
      dev_t dev = type == AE_IFIFO ? 0 : archive_entry_rdev(e);
      if (::mknodat(dir_fd, name.c_str(), type | 0600, dev) != 0) {
        fail_errno("create special file", errno);
      }
      own(dir_fd, name.c_str(), e);
      if (::fchmodat(dir_fd, name.c_str(), archive_entry_perm(e), 0) != 0) {
        fail_errno("chmod", errno);
      }
      set_times(dir_fd, name.c_str(), e);
      return;
    }
    default:
      fail(fmt::format("unsupported entry type {:o}", type));
  }
}

void Extractor::write_file(archive* a, archive_entry* e, int dir_fd, const char* name) {
  const auto& limits = options_.limits;
  int64_t signed_size = archive_entry_size(e);
  uint64_t size = signed_size < 0 ? 0 : static_cast<uint64_t>(signed_size);
  // Checked against the header before anything is written: a bomb never reaches the disk.
  if (size > limits.max_entry_bytes) {
    fail(fmt::format("size {} exceeds the per-file limit of {} bytes", size,
                     limits.max_entry_bytes));
  }
  if (size > limits.max_total_bytes - std::min(stats_.bytes, limits.max_total_bytes)) {
    fail(fmt::format("archive exceeds the size limit of {} bytes", limits.max_total_bytes));
  }
  stats_.bytes += size;
  remove_existing(dir_fd, name, false);
  // O_EXCL|O_NOFOLLOW: never write through whatever might be at this name.
  UniqueFd fd(::openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) fail_errno("create file", errno);
  uint64_t end = 0;
  for (;;) {
    const void* buf;
    size_t len;
    la_int64_t offset;
    int r = archive_read_data_block(a, &buf, &len, &offset);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      const char* msg = archive_error_string(a);
      fail(fmt::format("corrupt archive: {}", msg ? msg : "read failed"));
    }
    const char* p = static_cast<const char*>(buf);
    uint64_t at = static_cast<uint64_t>(offset);  // holes in sparse entries are skipped
    while (len > 0) {
      ssize_t n = ::pwrite(fd.get(), p, len, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail_errno("write", errno);
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
  // After chown, which clears setuid/setgid.
  if (::fchmod(fd.get(), archive_entry_perm(e)) != 0) fail_errno("chmod", errno);
  timespec times[2] = {{archive_entry_mtime(e), archive_entry_mtime_nsec(e)},
                       {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}};
  if (::futimens(fd.get(), times) != 0) fail_errno("set times", errno);
}

void Extractor::write_hardlink(std::string_view target, int dir_fd, const char* name) {
  std::string clean;
  try {
    clean = clean_name(target);
  } catch (const Error&) {
    fail(fmt::format("hardlink target \"{}\" escapes the destination", target));
  }
  if (clean.empty()) fail(fmt::format("hardlink target \"{}\" is the destination", target));
  auto [tparent, tbase] = split_last(clean);
  std::string tname(tbase);
  UniqueFd tdir(openat2_in_root(root_fd_, join_relative(dest_, tparent), O_RDONLY | O_DIRECTORY));
  if (!tdir.valid()) {
    tdir.release();
    fail(fmt::format("hardlink target \"{}\" does not exist", target));
  }
  remove_existing(dir_fd, name, false);
  // Without AT_SYMLINK_FOLLOW linkat links the entry itself, never what a symlink names.
  if (::linkat(tdir.get(), tname.c_str(), dir_fd, name, 0) != 0) {
    if (errno == ENOENT) fail(fmt::format("hardlink target \"{}\" does not exist", target));
    fail_errno(fmt::format("hardlink to \"{}\"", target), errno);
  }
}

void Extractor::finish() {
  // Deepest first: a read-only directory must get its children before its mode.
  std::stable_sort(dirs_.begin(), dirs_.end(), [](const DirMeta& x, const DirMeta& y) {
    return std::count(x.path.begin(), x.path.end(), '/') >
           std::count(y.path.begin(), y.path.end(), '/');
  });
  for (const auto& d : dirs_) {
    entry_ = d.path;
    int raw = openat2_in_root(root_fd_, d.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (raw < 0) continue;  // replaced by a later entry
    UniqueFd fd(raw);
    if (::fchmod(fd.get(), d.mode) != 0) fail_errno("chmod", errno);
    timespec times[2] = {d.mtime, d.mtime};
    if (::futimens(fd.get(), times) != 0) fail_errno("set times", errno);
  }
}

}  // namespace

ExtractStats extract_tar(int fd, int root_fd, std::string_view dest,
                         const ExtractOptions& options) {
  std::string clean_dest = clamp_to_root(dest);
  make_dirs_in_root(root_fd, clean_dest, 0755, [&](int dir, const char* name) {
    if (options.set_owner) options.set_owner(dir, name, 0, 0);
  });
  ArchivePtr a = new_tar_reader();
  archive_read_support_format_empty(a.get());  // an empty stream is an empty archive
  if (archive_read_open_fd(a.get(), fd, 64 * 1024) != ARCHIVE_OK) {
    const char* msg = archive_error_string(a.get());
    throw Error(fmt::format("not a tar archive: {}", msg ? msg : "unknown format"));
  }
  Extractor extractor(root_fd, clean_dest, options);
  for (;;) {
    archive_entry* entry;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      const char* msg = archive_error_string(a.get());
      throw Error(fmt::format("corrupt archive: {}", msg ? msg : "unknown error"));
    }
    extractor.write(a.get(), entry);
  }
  extractor.finish();
  return extractor.stats();
}

}  // namespace berth::build
