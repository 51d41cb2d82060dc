#include "fakes/runtime/fake_container_supervisor.hpp"

#include <signal.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"
#include "base/time_format.hpp"

namespace berth::runtime {

ShimStarted FakeContainerSupervisor::launch(const ShimLaunch& launch) {
  std::lock_guard lock(mutex_);
  launches_.push_back(launch);
  if (launch_failure_) {
    std::string message = std::move(*launch_failure_);
    launch_failure_.reset();
    throw Error(message);
  }
  if (runtime_) {
    runtime_->create(launch.id, launch.bundle, {});
    runtime_->start(launch.id);
  }
  Running r{launch.id, launch, next_pid_++, next_pid_++};
  alive_.insert(r.pid);
  alive_.insert(r.shim_pid);
  running_[launch.id] = r;
  return ShimStarted{static_cast<pid_t>(r.pid), static_cast<pid_t>(r.shim_pid)};
}

bool FakeContainerSupervisor::shim_alive(int64_t shim_pid) {
  std::lock_guard lock(mutex_);
  return alive_.count(shim_pid) > 0;
}

bool FakeContainerSupervisor::process_alive(int64_t pid) {
  std::lock_guard lock(mutex_);
  return alive_.count(pid) > 0;
}

bool FakeContainerSupervisor::signal(int64_t pid, int signal) {
  std::lock_guard lock(mutex_);
  if (!alive_.count(pid)) return false;
  for (const auto& [id, r] : running_) {
    if (r.pid != pid) continue;
    signals_[id].push_back(signal);
    if (signal == SIGKILL || signal == SIGTERM || signal == SIGINT) exit_locked(id, 128 + signal);
    return true;
  }
  return true;
}

void FakeContainerSupervisor::exit(const std::string& id, int code) {
  std::lock_guard lock(mutex_);
  exit_locked(id, code);
}

void FakeContainerSupervisor::exit_locked(const std::string& id, int code) {
  auto it = running_.find(id);
  if (it == running_.end()) throw Error("fake supervisor: container " + id + " is not running");
  Json record = {{"exit_code", code},
                 {"finished_at", format_rfc3339_nano(std::chrono::system_clock::now())},
                 {"oom_killed", false}};
  write_file_atomic(it->second.launch.exit_file, record.dump());
  if (runtime_) runtime_->remove(id, true);
  alive_.erase(it->second.pid);
  alive_.erase(it->second.shim_pid);
  running_.erase(it);
}

void FakeContainerSupervisor::crash_shim(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(id);
  if (it == running_.end()) throw Error("fake supervisor: container " + id + " is not running");
  alive_.erase(it->second.pid);
  alive_.erase(it->second.shim_pid);
  running_.erase(it);
}

std::vector<ShimLaunch> FakeContainerSupervisor::launches() const {
  std::lock_guard lock(mutex_);
  return launches_;
}

std::vector<int> FakeContainerSupervisor::signals(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = signals_.find(id);
  return it == signals_.end() ? std::vector<int>{} : it->second;
}

}  // namespace berth::runtime
