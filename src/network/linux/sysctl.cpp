#include "network/linux/sysctl.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"

namespace berth::network {

void write_sysctl(const std::string& path, std::string_view value) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open " + path);
  write_all(fd.get(), value.data(), value.size(), path);
}

void disable_ipv6(const std::string& interface) {
  if (!std::filesystem::exists("/proc/sys/net/ipv6")) return;  // booted with ipv6.disable=1
  write_sysctl("/proc/sys/net/ipv6/conf/" + interface + "/disable_ipv6", "1");
}

bool ipv6_disabled(const std::string& interface) {
  if (!std::filesystem::exists("/proc/sys/net/ipv6")) return true;
  std::string path = "/proc/sys/net/ipv6/conf/" + interface + "/disable_ipv6";
  return std::filesystem::exists(path) && read_file(path).starts_with("1");
}

}  // namespace berth::network
