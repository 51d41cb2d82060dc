#include "spaces/host_memory.hpp"

#include <fstream>
#include <string>

namespace berth::spaces {

std::optional<int64_t> available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    int64_t kib = 0;
    meminfo >> kib;
    if (key == "MemAvailable:") return kib * 1024;
    meminfo.ignore(256, '\n');
  }
  return std::nullopt;
}

}  // namespace berth::spaces
