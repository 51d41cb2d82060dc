#pragma once
// Healthchecks with Docker's semantics, without a daemon. A probe runs the container's test
// once (CMD: its argv; CMD-SHELL: the image's SHELL or /bin/sh -c) as an exec with its output
// captured and a timeout, and folds the result into State.Health, which lives in the
// container's directory as health.json (written atomically, under health.lock). Who probes:
// the container's shim runs `berth healthcheck run ID` at the interval (shim_main.cpp), and
// callers such as compose may probe while they wait.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "base/time_format.hpp"
#include "runtime/container_engine.hpp"
#include "runtime/health_config.hpp"

namespace berth::runtime {

// Docker keeps the last 5 results, each with at most 4096 bytes of output (then "...").
constexpr size_t kHealthLogEntries = 5;
constexpr size_t kHealthOutputLimit = 4096;

struct HealthLogEntry {
  std::string start, end;  // RFC 3339
  int exit_code = 0;       // the test's status; -1 when it could not run or timed out
  std::string output;
};

// Docker's State.Health.
struct HealthState {
  std::string status = "starting";  // starting | healthy | unhealthy
  int failing_streak = 0;
  std::vector<HealthLogEntry> log;  // oldest first
};

Json to_json(const HealthState& h);  // {"Status", "FailingStreak", "Log": [{Start, End, ...}]}
HealthState health_state_from_json(const Json& j);

// Docker's rules for one result: exit 0 makes it healthy (streak 0); a failure while still
// starting inside the start period does not count; `retries` failures in a row make it
// unhealthy. The log keeps the last kHealthLogEntries.
void record_probe_result(HealthState& state, const HealthConfig& config,
                         TimePoint container_started, HealthLogEntry result);

// How long until the next probe: the start interval while the container is still starting
// inside its start period, else the interval.
std::chrono::nanoseconds next_probe_delay(const HealthConfig& config, const HealthState& state,
                                          TimePoint container_started, TimePoint now);

// --- Over the engine: what the CLI and compose call. ---

// The container's healthcheck (its flags over its image's HEALTHCHECK); nullopt when it has
// none or it is disabled (--no-healthcheck, NONE).
std::optional<HealthConfig> effective_healthcheck(ContainerEngine& engine,
                                                  const std::string& name_or_id);
// Its State.Health; nullopt when it has no healthcheck or was never started.
std::optional<HealthState> read_health(ContainerEngine& engine, const std::string& name_or_id);
// Runs the test once now and records the result. Throws Error (exit code 125) when the
// container has no healthcheck or is not running, in podman's words.
HealthState probe_health(ContainerEngine& engine, const std::string& name_or_id);
// next_probe_delay for a running container, from its recorded state.
std::chrono::nanoseconds next_probe_delay(ContainerEngine& engine, const std::string& name_or_id);

// At each start (ContainerEngine::start): "starting", streak 0, the log kept, as Docker does;
// health.json removed when there is no healthcheck.
void reset_health(const std::filesystem::path& container_dir,
                  const std::optional<HealthConfig>& config);

}  // namespace berth::runtime
