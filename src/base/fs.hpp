#pragma once
// Filesystem helpers. Every write that publishes something goes through AtomicFile:
// write to a temp file in the same directory, fsync, rename over the target, fsync the
// directory, so a crash never leaves a partial file under the final name.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "base/unique_fd.hpp"

namespace berth {

namespace fs = std::filesystem;

class AtomicFile {
 public:
  // Opens a temp file next to `target` (created with `mode`).
  explicit AtomicFile(fs::path target, unsigned mode = 0644);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Removes the temp file unless commit() succeeded.
  ~AtomicFile();

  int fd() const { return fd_.get(); }
  const fs::path& temp_path() const { return temp_; }
  void write(const void* data, size_t size);
  void write(std::string_view data) { write(data.data(), data.size()); }
  // fsync, rename into place, fsync the directory.
  void commit();

 private:
  fs::path target_;
  fs::path temp_;
  UniqueFd fd_;
  bool committed_ = false;
};

void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode = 0644);
// For paths a user names as an output (`save -o`, `--iidfile`): an existing device or FIFO
// (/dev/null, /dev/stdout, a pipe) opened for writing, since replacing it by a rename would
// destroy it; an invalid fd when `path` is a regular file or missing (publish atomically then).
UniqueFd open_special_output(const fs::path& path);
// write_file_atomic, except into an existing device or FIFO (see open_special_output).
void write_output_file(const fs::path& path, std::string_view content, unsigned mode = 0644);
// Atomic (temp + rename) but not fsynced: for files regenerated at every use (a container's
// config.json, /etc/hosts), where a crash can only lose something that is rebuilt anyway.
void write_file_replace(const fs::path& path, std::string_view content, unsigned mode = 0644);
std::string read_file(const fs::path& path);
void write_all(int fd, const void* data, size_t size, const std::string& what);
void fsync_directory(const fs::path& dir);
void ensure_directory(const fs::path& dir, unsigned mode = 0755);

// A directory removed (recursively) when the object goes away.
class TempDir {
 public:
  explicit TempDir(const fs::path& parent = fs::temp_directory_path(),
                   std::string_view prefix = "berth-");
  TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const fs::path& path() const { return path_; }
  // Keeps the directory: the caller took ownership (renamed it into place).
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

}  // namespace berth
