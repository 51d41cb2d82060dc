#pragma once
// The one writer of hostile tars (image layers, build contexts, ADD archives): writes each
// entry with *at syscalls relative to directory fds resolved inside the destination with
// openat2 (base/safe_fs), as its TarPolicy says. No entry, however named or linked, can
// write outside the destination.
#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/unique_fd.hpp"
#include "image/layer/tar_policy.hpp"

struct archive;
struct archive_entry;

namespace berth::image {

class TarWriter {
 public:
  // Writes into the directory `dest_fd` (duplicated; the caller keeps its fd).
  TarWriter(int dest_fd, TarPolicy policy);

  // Writes one entry, reading its data from `a`. Throws berth::Error naming the entry.
  void write(archive* a, archive_entry* entry);
  // Applies directory modes and times, deepest first (creating children changes a directory's
  // mtime, and a read-only directory would refuse its children).
  void finish();

  // Explains a failed libarchive read; by default "corrupt <noun>: libarchive's message".
  void set_read_error_describer(std::function<std::string(archive*)> describe) {
    describe_read_error_ = std::move(describe);
  }
  // "<noun> entry \"NAME\": MESSAGE" for the entry `name`.
  std::string entry_message(std::string_view name, std::string_view message) const;

  uint64_t entries() const { return entries_; }
  uint64_t total_bytes() const { return total_bytes_; }      // regular file content
  uint64_t symlink_bytes() const { return symlink_bytes_; }  // symlink targets' lengths

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

  std::string clean_name(std::string_view raw) const;
  int parent_fd(std::string_view parent, bool create);
  void remove_existing(int dir_fd, const char* name);
  void own(int dir_fd, const char* name, archive_entry* e);

  bool write_whiteout_marker(archive_entry* e, std::string_view parent, std::string_view base);
  void write_file(archive* a, archive_entry* e, int dir_fd, const char* name);
  void write_dir(archive_entry* e, const std::string& path, int dir_fd, const char* name);
  void write_symlink(archive_entry* e, int dir_fd, const char* name);
  void write_hardlink(const char* target, const std::string& path, int dir_fd, const char* name);
  void write_special(archive_entry* e, int dir_fd, const char* name);
  void write_whiteout(archive_entry* e, int dir_fd, const char* name);

  void set_xattrs(archive_entry* e, int fd);
  static void entry_times(archive_entry* e, timespec out[2]);

  UniqueFd root_;
  TarPolicy policy_;
  std::function<std::string(archive*)> describe_read_error_;
  FdCache parents_;
  bool parents_stale_ = false;
  std::unordered_map<std::string, DirMeta> dirs_;
  uint64_t entries_ = 0;
  uint64_t total_bytes_ = 0;
  uint64_t symlink_bytes_ = 0;
  std::string entry_;  // the current entry's name as the tar spells it, for errors
};

}  // namespace berth::image
