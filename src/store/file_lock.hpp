#pragma once
// Advisory whole-file locks (flock) that serialise work on one object across processes,
// e.g. two `berth load`s unpacking the same layer. Released when the object is destroyed,
// and by the kernel when a process dies, so a SIGKILL never leaves a stale lock.
#include <filesystem>
#include <optional>

#include "base/unique_fd.hpp"

namespace berth::store {

class FileLock {
 public:
  enum class Mode { kShared, kExclusive };
  FileLock(const std::filesystem::path& path, Mode mode);
  // The lock if nobody holds a conflicting one now, without waiting.
  static std::optional<FileLock> try_acquire(const std::filesystem::path& path, Mode mode);
  FileLock(FileLock&&) = default;
  FileLock& operator=(FileLock&&) = default;

 private:
  FileLock() = default;
  UniqueFd fd_;
};

}  // namespace berth::store
