#pragma once
// Helpers for the build-context tests: make trees on disk, tars in memory (any compression),
// and read back what a copy wrote.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "base/unique_fd.hpp"

namespace berth::build::testing {

namespace fs = std::filesystem;

inline void write(const fs::path& path, const std::string& content, mode_t mode = 0644) {
  fs::create_directories(path.parent_path());
  write_file_replace(path, content, mode);
  ::chmod(path.c_str(), mode);
}

inline std::string slurp(const fs::path& path) {
  return read_file(path);
}

inline struct stat lstat_of(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) throw std::runtime_error("lstat " + path.string());
  return st;
}

inline mode_t perm_of(const fs::path& path) {
  return lstat_of(path).st_mode & 07777;
}

struct TarEntry {
  std::string path;
  mode_t type = AE_IFREG;
  mode_t perm = 0644;
  std::string content;
  std::string link;  // symlink target, or hardlink target when `hardlink`
  bool hardlink = false;
  int64_t uid = 0, gid = 0;
  time_t mtime = 1700000000;
  int64_t size = -1;  // header size override
};

inline TarEntry tar_file(std::string path, std::string content, mode_t perm = 0644) {
  return {.path = std::move(path), .perm = perm, .content = std::move(content)};
}
inline TarEntry tar_dir(std::string path, mode_t perm = 0755) {
  return {.path = std::move(path), .type = AE_IFDIR, .perm = perm};
}
inline TarEntry tar_symlink(std::string path, std::string target) {
  return {.path = std::move(path), .type = AE_IFLNK, .perm = 0777, .link = std::move(target)};
}
inline TarEntry tar_hardlink(std::string path, std::string target) {
  return {.path = std::move(path), .link = std::move(target), .hardlink = true};
}

enum class Filter { kNone, kGzip, kBzip2, kXz, kZstd };

inline la_ssize_t append_cb(archive*, void* out, const void* data, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), n);
  return static_cast<la_ssize_t>(n);
}

inline std::string make_tar(const std::vector<TarEntry>& entries, Filter filter = Filter::kNone) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  switch (filter) {
    case Filter::kNone:
      break;
    case Filter::kGzip:
      archive_write_add_filter_gzip(a);
      break;
    case Filter::kBzip2:
      archive_write_add_filter_bzip2(a);
      break;
    case Filter::kXz:
      archive_write_add_filter_xz(a);
      break;
    case Filter::kZstd:
      archive_write_add_filter_zstd(a);
      break;
  }
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, append_cb, nullptr);
  for (const auto& t : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_copy_pathname(e, t.path.c_str());
    archive_entry_set_filetype(e, t.hardlink ? AE_IFREG : t.type);
    archive_entry_set_perm(e, t.perm);
    archive_entry_set_uid(e, t.uid);
    archive_entry_set_gid(e, t.gid);
    archive_entry_set_mtime(e, t.mtime, 0);
    if (t.hardlink) {
      archive_entry_copy_hardlink(e, t.link.c_str());
    } else if (t.type == AE_IFLNK) {
      archive_entry_copy_symlink(e, t.link.c_str());
    }
    if (t.type == AE_IFCHR || t.type == AE_IFBLK) archive_entry_set_rdev(e, 0x0103);
    if (t.type == AE_IFREG && !t.hardlink) {
      archive_entry_set_size(e, t.size >= 0 ? t.size : static_cast<int64_t>(t.content.size()));
    }
    if (archive_write_header(a, e) != ARCHIVE_OK) {
      throw std::runtime_error(archive_error_string(a));
    }
    if (!t.content.empty()) archive_write_data(a, t.content.data(), t.content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// A file holding `data`, opened for reading.
class InputFile {
 public:
  InputFile(const fs::path& dir, const std::string& data) {
    static int counter = 0;
    path_ = dir / ("input-" + std::to_string(counter++));
    write_file_replace(path_, data);
    fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  }
  int fd() const { return fd_.get(); }

 private:
  fs::path path_;
  UniqueFd fd_;
};

}  // namespace berth::build::testing
