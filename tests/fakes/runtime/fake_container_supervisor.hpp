#pragma once
// A ContainerSupervisor without processes: launch() records the shim's launch, creates and
// starts the container in a FakeOciRuntime, and hands out pids no process has; the test
// decides when a container exits (the exit record the shim writes, then its runtime delete)
// or its shim dies. Signals that end a process end the container at once.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fakes/runtime/fake_oci_runtime.hpp"
#include "runtime/container_supervisor.hpp"

namespace berth::runtime {

class FakeContainerSupervisor : public ContainerSupervisor {
 public:
  // `runtime`: where the launched containers are created and started, as the shim's
  // `runtime run --detach` does, and deleted when they exit; none: nowhere.
  explicit FakeContainerSupervisor(std::shared_ptr<FakeOciRuntime> runtime = nullptr)
      : runtime_(std::move(runtime)) {}

  ShimStarted launch(const ShimLaunch& launch) override;
  bool shim_alive(int64_t shim_pid) override;
  bool process_alive(int64_t pid) override;
  bool signal(int64_t pid, int signal) override;

  // The container's process exits with `code`: the shim writes its exit record, and is gone.
  void exit(const std::string& id, int code);
  // The shim dies (kill -9) and leaves no exit record; the container's process with it.
  void crash_shim(const std::string& id);
  // The next launch fails with this message, as the shim reports a runtime's refusal.
  void fail_next_launch(std::string message) { launch_failure_ = std::move(message); }

  std::vector<ShimLaunch> launches() const;
  // The signals sent to the container's process, in order.
  std::vector<int> signals(const std::string& id) const;

 private:
  struct Running {
    std::string id;
    ShimLaunch launch;
    int64_t pid, shim_pid;
  };
  std::optional<Running> find(const std::string& id) const;
  void exit_locked(const std::string& id, int code);

  std::shared_ptr<FakeOciRuntime> runtime_;
  mutable std::mutex mutex_;
  std::vector<ShimLaunch> launches_;
  std::map<std::string, Running> running_;  // by container id
  std::map<std::string, std::vector<int>> signals_;
  std::set<int64_t> alive_;  // pids of live shims and processes
  std::optional<std::string> launch_failure_;
  // Beyond any pid_max, so no real process is ever mistaken for one of these.
  int64_t next_pid_ = 1'000'000'000;
};

}  // namespace berth::runtime
