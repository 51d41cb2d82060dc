#include "runtime/shim/oom_events.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace berth::runtime {

namespace {

bool read_small_file(const std::string& path, std::string& out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[1024];
  ssize_t n;
  out.clear();
  while ((n = read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  close(fd);
  return true;
}

}  // namespace

long long parse_oom_kill_count(const std::string& text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    const std::string key = "oom_kill ";
    if (line.compare(0, key.size(), key) == 0) return std::atoll(line.c_str() + key.size());
    pos = end + 1;
  }
  return 0;
}

bool cgroup_saw_oom_kill(const std::string& cgroup_root, const std::string& cgroups_path) {
  std::string text;
  // v2 first (memory.events in the unified tree), then the v1 memory controller.
  if (read_small_file(cgroup_root + cgroups_path + "/memory.events", text) ||
      read_small_file(cgroup_root + "/memory" + cgroups_path + "/memory.oom_control", text)) {
    return parse_oom_kill_count(text) > 0;
  }
  return false;
}

}  // namespace berth::runtime
