#pragma once
// The filesystem side of apply_layer: writes tar entries into the destination with *at
// syscalls relative to directory fds resolved beneath the destination root.
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/unique_fd.hpp"
#include "image/layer/apply_layer.hpp"

struct archive;
struct archive_entry;

namespace berth::image {

class LayerWriter {
 public:
  // `describe_read_error` explains a failed libarchive read (the reader thread's error or
  // libarchive's own message).
  LayerWriter(const std::filesystem::path& dest, const ApplyOptions& options,
              std::function<std::string(archive*)> describe_read_error);

  // Writes one entry, reading its data from `a`. Throws berth::Error naming the entry.
  void write(archive* a, archive_entry* entry);
  // Applies directory modes and mtimes, deepest first (creating children changes a directory's
  // mtime, and a read-only directory would refuse its children).
  void finish();

  uint64_t unpacked_bytes() const { return unpacked_bytes_; }

 private:
  struct DirMeta {
    mode_t mode;
    timespec times[2];
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using FdCache = std::unordered_map<std::string, UniqueFd, StringHash, std::equal_to<>>;

  [[noreturn]] void fail(std::string_view message) const;
  [[noreturn]] void fail_errno(std::string_view what, int err) const;

  int parent_fd(std::string_view parent, bool create);
  void remove_existing(int dir_fd, const char* name);

  void write_file(archive* a, archive_entry* e, int dir_fd, const char* name);
  void write_dir(archive_entry* e, const std::string& path, int dir_fd, const char* name);
  void write_symlink(archive_entry* e, int dir_fd, const char* name);
  void write_hardlink(const char* target, const std::string& path, int dir_fd, const char* name);
  void write_special(archive_entry* e, int dir_fd, const char* name);
  void write_whiteout(archive_entry* e, int dir_fd, const char* name);

  void set_xattrs(archive_entry* e, int fd);
  static void entry_times(archive_entry* e, timespec out[2]);

  UniqueFd root_;
  ApplyOptions options_;
  std::string opaque_xattr_;
  std::function<std::string(archive*)> describe_read_error_;
  FdCache parents_;
  bool parents_stale_ = false;
  std::unordered_map<std::string, DirMeta> dirs_;
  uint64_t unpacked_bytes_ = 0;
  std::string entry_;  // the current entry's name as the tar spells it, for errors
};

}  // namespace berth::image
