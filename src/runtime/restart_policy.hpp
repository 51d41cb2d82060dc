#pragma once
// Docker's restart policies, decided when a container's process has exited: whether it starts
// again (no, always, unless-stopped, on-failure[:max]) and after how long a back-off.
#include <chrono>

#include "runtime/container_record.hpp"
#include "runtime/container_request.hpp"

namespace berth::runtime {

// Whether `c`, which exited, is started again under `policy`. A container the user stopped or
// killed never is; on-failure counts the restarts already made against its maximum (0: none).
bool should_restart(const RestartPolicy& policy, const ContainerRecord& c, bool stopped_by_user);

// How long to wait before that restart: Docker's doubling back-off, 100 ms after the first exit,
// capped at 1 min, and back to 100 ms when the container had run for more than 10 s.
std::chrono::milliseconds restart_delay(const ContainerRecord& c);

}  // namespace berth::runtime
