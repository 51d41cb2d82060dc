#include "build/executor/build_slots.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <random>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::build {

BuildSlot::BuildSlot(const std::filesystem::path& dir, int count,
                     const std::function<void()>& waiting) {
  ensure_directory(dir, 0700);
  auto open_slot = [&](int i) {
    auto path = dir / (std::to_string(i) + ".lock");
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw_errno("open " + path.string());
    return fd;
  };
  for (int i = 0; i < count; ++i) {
    UniqueFd fd = open_slot(i);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
      lock_ = std::move(fd);
      return;
    }
    if (errno != EWOULDBLOCK) throw_errno("lock a build slot");
  }
  if (waiting) waiting();
  // All busy: wait on one of them, chosen at random so waiters spread over the slots.
  std::random_device rd;
  UniqueFd fd = open_slot(static_cast<int>(rd() % static_cast<unsigned>(count)));
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) throw_errno("lock a build slot");
  }
  lock_ = std::move(fd);
}

std::filesystem::path owner_slots_dir(const std::filesystem::path& slots_dir,
                                      const std::string& owner) {
  return slots_dir / ("owner-" + Digest::sha256_of(owner).hex().substr(0, 16));
}

int default_build_slots() {
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 1 ? static_cast<int>(cpus / 2) : 1;
}

}  // namespace berth::build
