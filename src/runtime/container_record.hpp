#pragma once
// A container as the store keeps it.
#include <cstdint>
#include <string>

#include "base/digest.hpp"
#include "base/json.hpp"

namespace berth::runtime {

enum class ContainerState { kCreated, kRunning, kPaused, kExited };

std::string_view state_name(ContainerState s);
// Running or paused: the container's processes exist.
inline bool is_alive(ContainerState s) {
  return s == ContainerState::kRunning || s == ContainerState::kPaused;
}
ContainerState parse_state(std::string_view s);

struct ContainerRecord {
  std::string id;  // 64 hex
  std::string name;
  Digest image_id;
  std::string image_name;  // what the user typed, as Docker shows it in ps
  Json request;            // the creation request (see container_request.hpp)
  std::string created;
  ContainerState state = ContainerState::kCreated;
  int64_t pid = 0;
  int64_t shim_pid = 0;
  std::string started_at;
  std::string finished_at;
  int exit_code = 0;
  std::string error;
  int restart_count = 0;
  bool oom_killed = false;
};

}  // namespace berth::runtime
