#include "runtime/restart_policy.hpp"

#include <algorithm>

#include "base/time_format.hpp"

namespace berth::runtime {

bool should_restart(const RestartPolicy& policy, const ContainerRecord& c, bool stopped_by_user) {
  if (stopped_by_user) return false;
  if (policy.name == "always" || policy.name == "unless-stopped") return true;
  if (policy.name == "on-failure") {
    return c.exit_code != 0 &&
           (policy.maximum_retry_count == 0 || c.restart_count < policy.maximum_retry_count);
  }
  return false;
}

std::chrono::milliseconds restart_delay(const ContainerRecord& c) {
  auto started = parse_rfc3339(c.started_at);
  auto finished = parse_rfc3339(c.finished_at);
  int count = (started && finished && *finished - *started > std::chrono::seconds(10))
                  ? 0
                  : c.restart_count;
  auto delay = std::chrono::milliseconds(100) * (1LL << std::min(count, 10));
  return std::min<std::chrono::milliseconds>(delay, std::chrono::minutes(1));
}

}  // namespace berth::runtime
