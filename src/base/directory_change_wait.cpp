#include "base/directory_change_wait.hpp"

#include <poll.h>
#include <sys/inotify.h>

#include <thread>

namespace berth {

static_assert(DirectoryChangeWait::kAnyChange == (IN_MODIFY | IN_MOVED_TO | IN_CREATE | IN_DELETE));
static_assert(DirectoryChangeWait::kEntriesAdded == (IN_MOVED_TO | IN_CREATE));

DirectoryChangeWait::DirectoryChangeWait(std::filesystem::path directory, uint32_t events)
    : DirectoryChangeWait(std::move(directory), events, Timing{}) {}

DirectoryChangeWait::DirectoryChangeWait(std::filesystem::path directory, uint32_t events,
                                         Timing timing)
    : directory_(std::move(directory)),
      events_(events),
      timing_(timing),
      started_(std::chrono::steady_clock::now()) {}

void DirectoryChangeWait::start_watching() {
  UniqueFd fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  uint32_t mask = events_ | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
  if (!fd.valid() || inotify_add_watch(fd.get(), directory_.c_str(), mask) < 0) {
    // Out of watches or instances, or the directory is gone: keep polling, which is what the
    // callers did before and what they still do for their first moments.
    watch_failed_ = true;
    return;
  }
  watch_ = std::move(fd);
}

void DirectoryChangeWait::wait() {
  if (!watch_.valid() && !watch_failed_ &&
      std::chrono::steady_clock::now() - started_ >= timing_.poll_phase) {
    start_watching();
    if (watch_.valid()) return;  // what changed before the watch existed: the caller looks again
  }
  if (!watch_.valid()) {
    std::this_thread::sleep_for(timing_.poll_interval);
    return;
  }
  pollfd ready{watch_.get(), POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(timing_.fallback_tick.count())) <= 0) return;
  // The events themselves do not matter, only that there were some: drain them.
  alignas(inotify_event) char buf[4096];
  while (::read(watch_.get(), buf, sizeof buf) > 0) {
  }
}

}  // namespace berth
