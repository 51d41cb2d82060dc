#include <signal.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "base/error.hpp"
#include "runtime/container_supervisor.hpp"

namespace berth::runtime {

ShimStarted ShimSupervisor::launch(const ShimLaunch& launch) {
  return launch_shim(launch);
}

bool ShimSupervisor::process_alive(int64_t pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  // A zombie counts as gone.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string content;
  std::getline(stat, content);
  auto close = content.rfind(')');
  return close == std::string::npos || content.size() < close + 3 || content[close + 2] != 'Z';
}

bool ShimSupervisor::shim_alive(int64_t shim_pid) {
  if (!process_alive(shim_pid)) return false;
  std::ifstream comm("/proc/" + std::to_string(shim_pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name == "berth-shim";
}

bool ShimSupervisor::signal(int64_t pid, int signal) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), signal) == 0) return true;
  if (errno == ESRCH) return false;
  throw_errno("send signal " + std::to_string(signal) + " to process " + std::to_string(pid));
}

}  // namespace berth::runtime
