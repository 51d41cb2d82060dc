#include "network/linux/command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "base/error.hpp"

namespace berth::network {

std::string find_program(std::string_view name, std::string_view package) {
  std::string path = ::getenv("PATH") ? ::getenv("PATH") : "";
  path += ":/usr/sbin:/sbin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) {
      std::string candidate = path.substr(start, end - start) + "/" + std::string(name);
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  throw Error(fmt::format("{} not found in PATH, /usr/sbin or /sbin (install {})", name, package));
}

}  // namespace berth::network
