#pragma once
// How the deploy pipeline runs a Space's container: start, stop, status, logs and the address
// the proxy forwards to. The local runner drives Berth's engine; a Kubernetes runner can
// implement the same interface later without touching the pipeline.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::spaces {

struct SpaceRunRequest {
  std::string space_id;       // owner/name, for labels and messages
  std::string image;          // what ImageBuilder tagged
  std::string instance_name;  // unique per deploy: the container's name
  std::string network;        // the Space's own network: Spaces cannot reach each other
  std::map<std::string, std::string> env;         // variables, SPACE_* and the hardware's facts
  std::map<std::string, std::string> secrets;     // also env, but never on a command line or log
  double cpus = 0;                                // 0: no limit
  int64_t memory_bytes = 0;                       // 0: no limit
  int64_t pids_limit = 0;                         // processes and threads; 0: no limit
  int64_t disk_bytes = 0;                         // cap of the writable layer; 0: no cap
  std::optional<std::filesystem::path> data_dir;  // mounted at /data when storage is on
};

// A Space's processes and threads together: a fork bomb stops there, not at the host's limit.
inline constexpr int64_t kSpacePidsLimit = 4096;
// A Space's output is kept as Docker's json-file log, rotated at this size into this many
// files, so a chatty app cannot fill the disk.
inline constexpr std::string_view kSpaceLogMaxSize = "10m";
inline constexpr int kSpaceLogMaxFiles = 3;

struct InstanceStatus {
  enum class State { kRunning, kPaused, kExited, kMissing } state = State::kMissing;
  int exit_code = 0;
  std::string address;  // the container's IP on its network, "" when not running
};

// A container the runner started for a Space, found by its berth.space label.
struct SpaceInstance {
  std::string space_id;
  std::string name;
};

class SpaceRunner {
 public:
  virtual ~SpaceRunner() = default;
  // Starts a container as UID 1000 and returns once it runs. Throws berth::Error.
  virtual void start(const SpaceRunRequest& request) = 0;
  // Stops and removes the instance (its writable layer goes with it); missing is fine.
  virtual void remove(const std::string& instance_name) = 0;
  virtual InstanceStatus status(const std::string& instance_name) = 0;
  // Whether the instance still runs or is frozen, as cheaply as the runner can tell: the
  // server's sweep asks this of every Space, and reads status() only when it says no.
  virtual bool alive(const std::string& instance_name) {
    auto state = status(instance_name).state;
    return state == InstanceStatus::State::kRunning || state == InstanceStatus::State::kPaused;
  }
  // Freezes the instance's processes (its cgroup), memory kept: status says kPaused. Thawing
  // lets them run on as if nothing happened. NotFoundError when missing, ConflictError when
  // not running (freeze) or not frozen (thaw).
  virtual void freeze(const std::string& instance_name) = 0;
  virtual void thaw(const std::string& instance_name) = 0;
  // Every instance of every Space, running or not.
  virtual std::vector<SpaceInstance> list_instances() = 0;
  // The instance's last `lines` lines of output (stdout and stderr), oldest first.
  virtual std::vector<std::string> log_tail(const std::string& instance_name, int lines) = 0;
  // The instance's log in Docker's json-file format, for following; nullopt when missing.
  virtual std::optional<std::filesystem::path> log_file(const std::string& instance_name) = 0;
  // The network a Space's instances join, made when missing, with or without access to the
  // host (the server's API). Removing it is remove_network's.
  virtual void ensure_network(const std::string& network, const std::string& space_id,
                              bool host_access) = 0;
  // Whether the network lets its containers reach the host; nullopt when it does not exist.
  virtual std::optional<bool> network_host_access(const std::string& network) = 0;
  virtual void remove_network(const std::string& network) = 0;
};

}  // namespace berth::spaces
