#pragma once
// A service's healthcheck. `test` is normalized to its list form: ["CMD", …], ["CMD-SHELL",
// "…"] (from a string), or ["NONE"]. Durations are nanoseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::compose {

struct HealthcheckConfig {
  std::vector<std::string> test;
  std::optional<int64_t> timeout;
  std::optional<int64_t> interval;
  std::optional<uint64_t> retries;
  std::optional<int64_t> start_period;
  std::optional<int64_t> start_interval;
  bool disable = false;
};

}  // namespace berth::compose
