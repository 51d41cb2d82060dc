#pragma once
// Waiting for something to happen in a directory (a file written, created or renamed into it),
// for the loops that follow a container's log or wait for its exit file.
//
// The first moments are polled: most such waits are short (a `run --rm` of a quick command),
// and closing an inotify descriptor waits for an RCU grace period, about 9 ms on these machines,
// which a short wait would pay at its end. A wait that lasts longer switches to inotify and then
// wakes only when the directory changes, or at a slow fallback tick for what inotify cannot
// report (a change made before the watch existed is covered: the first call after the switch
// returns at once, so the caller looks again).
#include <chrono>
#include <cstdint>
#include <filesystem>

#include "base/unique_fd.hpp"

namespace berth {

class DirectoryChangeWait {
 public:
  struct Timing {
    std::chrono::milliseconds poll_interval{1};
    std::chrono::milliseconds poll_phase{100};
    std::chrono::milliseconds fallback_tick{1000};
  };
  // Events of the files in the directory that end a wait: inotify's IN_* bits. The directory's
  // own removal or move always does.
  static constexpr uint32_t kAnyChange = 0x00000002 /* IN_MODIFY */ | 0x00000080 /* IN_MOVED_TO */ |
                                         0x00000100 /* IN_CREATE */ | 0x00000200 /* IN_DELETE */;
  static constexpr uint32_t kEntriesAdded =
      0x00000080 /* IN_MOVED_TO */ | 0x00000100 /* IN_CREATE */;

  explicit DirectoryChangeWait(std::filesystem::path directory, uint32_t events = kAnyChange);
  DirectoryChangeWait(std::filesystem::path directory, uint32_t events, Timing timing);

  // Returns when the directory may have changed: after one poll interval while polling, then
  // after an event or the fallback tick. The caller looks at what it waits for and calls again.
  void wait();

  // Whether the polling moments are over and inotify watches the directory.
  bool watching() const { return watch_.valid(); }

 private:
  void start_watching();

  std::filesystem::path directory_;
  uint32_t events_;
  Timing timing_;
  std::chrono::steady_clock::time_point started_;
  UniqueFd watch_;
  bool watch_failed_ = false;
};

}  // namespace berth
