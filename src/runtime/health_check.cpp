#include "runtime/health_check.hpp"

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/time_format.hpp"
#include "store/file_lock.hpp"

namespace berth::runtime {
namespace {

std::filesystem::path health_file(const std::filesystem::path& container_dir) {
  return container_dir / "health.json";
}

// Serialises read-modify-write of health.json between the shim's probes and manual ones.
store::FileLock health_lock(const std::filesystem::path& container_dir) {
  return store::FileLock(container_dir / "health.lock", store::FileLock::Mode::kExclusive);
}

std::optional<HealthState> load(const std::filesystem::path& container_dir) {
  std::string text;
  try {
    text = read_file(health_file(container_dir));
  } catch (const NotFoundError&) {
    return std::nullopt;
  }
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  return health_state_from_json(j);
}

void save(const std::filesystem::path& container_dir, const HealthState& state) {
  write_file_atomic(health_file(container_dir), to_json(state).dump(), 0644);
}

TimePoint started_at(const ContainerRecord& c) {
  return parse_rfc3339(c.started_at).value_or(std::chrono::system_clock::now());
}

// The test as a process: CMD's argv, or CMD-SHELL's command under the image's shell.
std::vector<std::string> probe_command(const HealthConfig& config, const Json& image_config) {
  const auto& test = config.test;
  std::vector<std::string> argv;
  if (test.front() == "CMD") {
    argv.assign(test.begin() + 1, test.end());
  } else if (test.front() == "CMD-SHELL") {
    argv = {"/bin/sh", "-c"};
    if (image_config.contains("Shell") && image_config["Shell"].is_array() &&
        !image_config["Shell"].empty()) {
      argv = image_config["Shell"].get<std::vector<std::string>>();
    }
    argv.insert(argv.end(), test.begin() + 1, test.end());
  } else {
    throw InvalidArgumentError(
        "unknown healthcheck type '" + test.front() + "' (expected CMD or CMD-SHELL)", 125);
  }
  if (argv.empty() || argv.front().empty()) throw InvalidArgumentError("empty healthcheck", 125);
  return argv;
}

}  // namespace

Json to_json(const HealthState& h) {
  Json log = Json::array();
  for (const auto& e : h.log) {
    log.push_back(
        {{"Start", e.start}, {"End", e.end}, {"ExitCode", e.exit_code}, {"Output", e.output}});
  }
  return {{"Status", h.status}, {"FailingStreak", h.failing_streak}, {"Log", log}};
}

HealthState health_state_from_json(const Json& j) {
  HealthState h;
  h.status = j.value("Status", "starting");
  h.failing_streak = j.value("FailingStreak", 0);
  for (const auto& e : j.value("Log", Json::array())) {
    h.log.push_back(
        {e.value("Start", ""), e.value("End", ""), e.value("ExitCode", -1), e.value("Output", "")});
  }
  return h;
}

void record_probe_result(HealthState& state, const HealthConfig& config,
                         TimePoint container_started, HealthLogEntry result) {
  auto probe_started = parse_rfc3339(result.start).value_or(std::chrono::system_clock::now());
  bool success = result.exit_code == 0;
  state.log.push_back(std::move(result));
  if (state.log.size() > kHealthLogEntries) {
    state.log.erase(state.log.begin(),
                    state.log.begin() + static_cast<long>(state.log.size() - kHealthLogEntries));
  }
  if (success) {
    state.failing_streak = 0;
    state.status = "healthy";
    return;
  }
  // Never healthy yet and still inside the start period: the failure does not count.
  if (state.status == "starting" &&
      probe_started - container_started < config.probe_start_period()) {
    return;
  }
  ++state.failing_streak;
  if (state.failing_streak >= config.probe_retries()) state.status = "unhealthy";
}

std::chrono::nanoseconds next_probe_delay(const HealthConfig& config, const HealthState& state,
                                          TimePoint container_started, TimePoint now) {
  if (state.status == "starting" && now - container_started < config.probe_start_period()) {
    return config.probe_start_interval();
  }
  return config.probe_interval();
}

std::optional<HealthConfig> effective_healthcheck(ContainerEngine& engine,
                                                  const std::string& name_or_id) {
  return engine.healthcheck(engine.get(name_or_id));
}

std::optional<HealthState> read_health(ContainerEngine& engine, const std::string& name_or_id) {
  auto c = engine.get(name_or_id);
  if (!engine.healthcheck(c)) return std::nullopt;
  return load(engine.container_dir(c.id));
}

HealthState probe_health(ContainerEngine& engine, const std::string& name_or_id) {
  auto c = engine.get(name_or_id);
  auto config = engine.healthcheck(c);
  if (!config) throw Error("container " + c.id + " has no defined healthcheck", 125);
  if (c.state != ContainerState::kRunning) {
    throw ConflictError("container " + c.id + " is not running", 125);
  }
  ExecRequest exec;
  exec.command = probe_command(*config, engine.image_runtime_config(c));
  HealthLogEntry result;
  result.start = rfc3339_now();
  try {
    auto run = engine.exec_captured(c.id, exec, config->probe_timeout(), kHealthOutputLimit);
    if (run.timed_out) {
      result.exit_code = -1;
      result.output =
          "Health check exceeded timeout (" + format_go_duration(config->probe_timeout()) + ")";
    } else {
      result.exit_code = run.exit_code;
      result.output = run.output + (run.truncated ? "..." : "");
    }
  } catch (const Error& e) {
    // A test that cannot start (not found, the container just stopped) is a failure.
    result.exit_code = -1;
    result.output = e.what();
  }
  result.end = rfc3339_now();

  auto dir = engine.container_dir(c.id);
  auto held = health_lock(dir);
  // A probe that outlived its run of the container (it stopped or restarted meanwhile) is
  // not that run's health.
  auto now = engine.get(c.id);
  if (now.state != ContainerState::kRunning || now.started_at != c.started_at) {
    throw ConflictError("container " + c.id + " is not running", 125);
  }
  auto state = load(dir).value_or(HealthState{});
  record_probe_result(state, *config, started_at(c), std::move(result));
  save(dir, state);
  return state;
}

std::chrono::nanoseconds next_probe_delay(ContainerEngine& engine, const std::string& name_or_id) {
  auto c = engine.get(name_or_id);
  auto config = engine.healthcheck(c);
  if (!config) throw Error("container " + c.id + " has no defined healthcheck", 125);
  auto state = load(engine.container_dir(c.id)).value_or(HealthState{});
  return next_probe_delay(*config, state, started_at(c), std::chrono::system_clock::now());
}

void reset_health(const std::filesystem::path& container_dir,
                  const std::optional<HealthConfig>& config) {
  if (!config) {  // one removal, atomic: no lock on the start of a container without a check
    std::error_code ec;
    std::filesystem::remove(health_file(container_dir), ec);
    return;
  }
  auto held = health_lock(container_dir);
  auto state = load(container_dir).value_or(HealthState{});
  state.status = "starting";
  state.failing_streak = 0;
  save(container_dir, state);
}

}  // namespace berth::runtime
