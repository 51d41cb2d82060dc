#pragma once
// A container's healthcheck as Docker keeps it (Config.Healthcheck): the test and its timing.
// A zero duration or retry count means "not set": the image's value, then Docker's default.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"

namespace berth::runtime {

struct HealthConfig {
  // ["CMD", argv...] | ["CMD-SHELL", "command"] | ["NONE"]; empty: the image's test.
  std::vector<std::string> test;
  std::chrono::nanoseconds interval{0};
  std::chrono::nanoseconds timeout{0};
  std::chrono::nanoseconds start_period{0};
  std::chrono::nanoseconds start_interval{0};
  int retries = 0;

  // ["NONE"]: the check is turned off (--no-healthcheck, HEALTHCHECK NONE).
  bool disabled() const { return !test.empty() && test.front() == "NONE"; }
  // The values a probe uses: these, or Docker's defaults (30s, 30s, 0, 5s, 3).
  std::chrono::nanoseconds probe_interval() const;
  std::chrono::nanoseconds probe_timeout() const;
  std::chrono::nanoseconds probe_start_period() const;
  std::chrono::nanoseconds probe_start_interval() const;
  int probe_retries() const;

  bool operator==(const HealthConfig&) const = default;
};

// Docker's JSON shape: {"Test": [...], "Interval": ns, ...}, unset fields left out.
Json to_json(const HealthConfig& h);
// Reads that shape (an image config's Healthcheck, or a request's); unknown keys are ignored.
HealthConfig health_config_from_json(const Json& j);

// Docker's merge at create: the container's fields over the image's, field by field (an empty
// test or a zero value takes the image's). nullopt when neither has a test, or the result is
// ["NONE"].
std::optional<HealthConfig> merge_health_config(const std::optional<HealthConfig>& container,
                                                const std::optional<HealthConfig>& image);

// Go's time.Duration.String(): "30s", "1m30s", "500ms", "1.5s", "0s".
std::string format_go_duration(std::chrono::nanoseconds d);

}  // namespace berth::runtime
