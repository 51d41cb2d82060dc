#include "store/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "base/error.hpp"

namespace berth::store {

FileLock::FileLock(const std::filesystem::path& path, Mode mode) {
  fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd_.valid()) throw_errno("open lock " + path.string());
  int op = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (::flock(fd_.get(), op) != 0) {
    if (errno != EINTR) throw_errno("lock " + path.string());
  }
}

std::optional<FileLock> FileLock::try_acquire(const std::filesystem::path& path, Mode mode) {
  FileLock lock;
  lock.fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!lock.fd_.valid()) throw_errno("open lock " + path.string());
  int op = (mode == Mode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  while (::flock(lock.fd_.get(), op) != 0) {
    if (errno == EWOULDBLOCK) return std::nullopt;
    if (errno != EINTR) throw_errno("lock " + path.string());
  }
  return lock;
}

}  // namespace berth::store
