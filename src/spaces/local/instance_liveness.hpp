#pragma once
// Whether the Spaces' running instances still live, told without reading their records: the
// server's sweep asks this of every Space, and a full read (the container's row, its shim's
// /proc entries, its network attachments) per Space per sweep was most of an idle server's
// work. Each instance seen running is watched through a pidfd of its shim, which cannot be
// fooled by a reused pid, and the shim's exit file; the record is read again only when one
// of them says something changed.
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "base/unique_fd.hpp"

namespace berth::spaces {

class InstanceLiveness {
 public:
  // Starts watching `instance` (a container whose shim is `shim_pid` and records its exit in
  // `exit_file`), replacing an earlier watch. False when the shim is already gone (nothing
  // is watched then).
  bool watch(const std::string& instance, pid_t shim_pid, const std::filesystem::path& exit_file);
  void forget(const std::string& instance);
  // True when `instance` is watched, its shim lives and no exit is recorded; false when it
  // died (the watch ends); nullopt when it is not watched (ask the record).
  std::optional<bool> alive(const std::string& instance);

 private:
  struct Watch {
    UniqueFd shim;  // a pidfd: readable once the process has exited
    std::filesystem::path exit_file;
  };
  std::mutex mutex_;
  std::map<std::string, Watch> watches_;
};

}  // namespace berth::spaces
