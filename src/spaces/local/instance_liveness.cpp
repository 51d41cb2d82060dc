#include "spaces/local/instance_liveness.hpp"

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <system_error>

#include "base/error.hpp"

namespace berth::spaces {

namespace {

// glibc 2.36 has pidfd_open, older ones only the system call.
int open_pidfd(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

bool has_exited(const UniqueFd& pidfd) {
  pollfd p{pidfd.get(), POLLIN, 0};
  int n = ::poll(&p, 1, 0);
  if (n < 0) throw_errno("poll a shim's pidfd");
  return n > 0;
}

}  // namespace

bool InstanceLiveness::watch(const std::string& instance, pid_t shim_pid,
                             const std::filesystem::path& exit_file) {
  forget(instance);
  if (shim_pid <= 0) return false;
  UniqueFd pidfd(open_pidfd(shim_pid));
  // ESRCH: gone. Anything else (a kernel before 5.3, no descriptor left): not watched, so
  // each question reads the record, as before there were watches.
  if (!pidfd.valid()) return false;
  // Opened after the record was read: the shim may have ended in between.
  std::error_code ec;
  if (std::filesystem::exists(exit_file, ec) || has_exited(pidfd)) return false;
  std::lock_guard lock(mutex_);
  watches_[instance] = Watch{std::move(pidfd), exit_file};
  return true;
}

void InstanceLiveness::forget(const std::string& instance) {
  std::lock_guard lock(mutex_);
  watches_.erase(instance);
}

std::optional<bool> InstanceLiveness::alive(const std::string& instance) {
  std::lock_guard lock(mutex_);
  auto it = watches_.find(instance);
  if (it == watches_.end()) return std::nullopt;
  std::error_code ec;
  if (!has_exited(it->second.shim) && !std::filesystem::exists(it->second.exit_file, ec)) {
    return true;
  }
  watches_.erase(it);
  return false;
}

}  // namespace berth::spaces
