#include "spaces/host_memory.hpp"

#include <fstream>
#include <string>

namespace berth::spaces {

std::optional<int64_t> meminfo_bytes(std::string_view field) {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    int64_t kib = 0;
    meminfo >> kib;
    if (key.size() == field.size() + 1 && key.starts_with(field) && key.back() == ':') {
      return kib * 1024;
    }
    meminfo.ignore(256, '\n');
  }
  return std::nullopt;
}

std::optional<int64_t> available_memory_bytes() {
  return meminfo_bytes("MemAvailable");
}

}  // namespace berth::spaces
