#include "fakes/runtime/fake_oci_runtime.hpp"

#include <signal.h>

#include "base/fs.hpp"
#include "base/json.hpp"

namespace berth::runtime {
namespace {

// The argv of a process object ({"args": [...]}) read from `path`.
std::vector<std::string> process_args(const std::filesystem::path& path, bool whole_spec) {
  Json j;
  try {
    j = Json::parse(read_file(path));
  } catch (const Json::exception& e) {
    throw RuntimeError(path.string() + ": " + e.what(), 1);
  } catch (const NotFoundError&) {
    throw RuntimeError("open " + path.string() + ": no such file or directory", 1);
  }
  const Json& process = whole_spec ? j.value("process", Json::object()) : j;
  return process.value("args", std::vector<std::string>{});
}

bool ends_the_process(int signal) {
  return signal == SIGKILL || signal == SIGTERM || signal == SIGINT || signal == SIGQUIT;
}

}  // namespace

FakeOciRuntime::FakeOciRuntime(Program program) : program_(std::move(program)) {
  if (!program_) program_ = [](const std::vector<std::string>&) { return Behaviour{}; };
}

void FakeOciRuntime::record(std::string call) {
  calls_.push_back(std::move(call));
}

std::vector<std::string> FakeOciRuntime::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

FakeOciRuntime::Container& FakeOciRuntime::find(const std::string& id, const std::string& what) {
  auto it = containers_.find(id);
  if (it == containers_.end()) throw RuntimeError(what + ": container does not exist", 1);
  return it->second;
}

void FakeOciRuntime::write_files(const std::filesystem::path& bundle, const Behaviour& b) {
  if (b.writes.empty()) return;
  Json spec = Json::parse(read_file(bundle / "config.json"));
  std::filesystem::path root = spec.at("root").at("path").get<std::string>();
  if (root.is_relative()) root = bundle / root;
  for (const auto& [path, content] : b.writes) {
    auto file = root / std::filesystem::path(path).relative_path();
    ensure_directory(file.parent_path(), 0755);
    write_file_atomic(file, content);
  }
}

std::filesystem::path FakeOciRuntime::check_usable() {
  if (!unusable_.empty()) throw Error(unusable_, 125);
  return "fake-runtime";
}

void FakeOciRuntime::create(const std::string& id, const std::filesystem::path& bundle,
                            const RuntimeStdio&) {
  std::lock_guard lock(mutex_);
  record("create " + id);
  if (containers_.count(id))
    throw RuntimeError("create container " + id + ": container with given ID already exists", 1);
  auto argv = process_args(bundle / "config.json", true);
  containers_[id] = Container{"created", argv, next_pid_++};
}

void FakeOciRuntime::start(const std::string& id) {
  std::lock_guard lock(mutex_);
  record("start " + id);
  auto& c = find(id, "start container " + id);
  if (c.status != "created") {
    throw RuntimeError("start container " + id + ": cannot start a container that has stopped", 1);
  }
  c.status = program_(c.argv).runs_until_killed ? "running" : "stopped";
}

RunResult FakeOciRuntime::run(const std::string& id, const std::filesystem::path& bundle,
                              const RunOptions& options) {
  std::vector<std::string> argv;
  {
    std::lock_guard lock(mutex_);
    record("run " + id);
    if (containers_.count(id))
      throw RuntimeError("run container " + id + ": container with given ID already exists", 1);
    argv = process_args(bundle / "config.json", true);
  }
  Behaviour b = program_(argv);
  write_files(bundle, b);
  for (const auto& line : b.output) {
    if (options.on_output) options.on_output(line);
  }
  if (b.runs_until_killed) {
    // What would run forever ends at its deadline, as runc's caller kills it.
    if (!options.wall_time) throw Error("fake runtime: the process never ends and has no deadline");
    return RunResult{128 + SIGKILL, true};
  }
  return RunResult{b.exit_code, false};
}

int FakeOciRuntime::exec(const std::string& id, const ExecOptions& options) {
  std::vector<std::string> argv;
  {
    std::lock_guard lock(mutex_);
    record("exec " + id);
    auto& c = find(id, "exec in container " + id);
    if (c.status != "running") throw RuntimeError("cannot exec in a stopped container", 255);
    argv = process_args(options.process_json, false);
  }
  if (options.detach) return 0;
  return program_(argv).exit_code;
}

CapturedExecResult FakeOciRuntime::exec_captured(const std::string& id,
                                                 const CapturedExecOptions& options) {
  std::vector<std::string> argv;
  {
    std::lock_guard lock(mutex_);
    record("exec " + id);
    auto& c = find(id, "exec in container " + id);
    if (c.status != "running") throw RuntimeError("cannot exec in a stopped container", 255);
    argv = process_args(options.process_json, false);
  }
  Behaviour b = program_(argv);
  CapturedExecResult result;
  for (const auto& line : b.output) result.output += line + "\n";
  if (result.output.size() > options.output_limit) {
    result.output.resize(options.output_limit);
    result.truncated = true;
  }
  // What would run forever is killed at its timeout, as RuntimeCli does.
  result.timed_out = b.runs_until_killed;
  result.exit_code = b.runs_until_killed ? 128 + SIGKILL : b.exit_code;
  return result;
}

void FakeOciRuntime::kill(const std::string& id, int signal, bool all) {
  std::lock_guard lock(mutex_);
  record(std::string("kill ") + (all ? "--all " : "") + id + " " + std::to_string(signal));
  auto& c = find(id, "kill container " + id);
  if (c.status == "stopped")
    throw RuntimeError("kill container " + id + ": container not running", 1);
  if (ends_the_process(signal) && c.status != "paused") c.status = "stopped";
}

void FakeOciRuntime::pause(const std::string& id) {
  std::lock_guard lock(mutex_);
  record("pause " + id);
  auto& c = find(id, "pause container " + id);
  if (c.status != "running")
    throw RuntimeError("pause container " + id, "container not running", 1);
  c.status = "paused";
}

void FakeOciRuntime::resume(const std::string& id) {
  std::lock_guard lock(mutex_);
  record("resume " + id);
  auto& c = find(id, "resume container " + id);
  if (c.status != "paused") throw RuntimeError("resume container " + id, "container not paused", 1);
  c.status = "running";
}

void FakeOciRuntime::remove(const std::string& id, bool force) {
  std::lock_guard lock(mutex_);
  record(std::string("remove ") + (force ? "--force " : "") + id);
  auto it = containers_.find(id);
  if (it == containers_.end()) return;
  const auto& status = it->second.status;
  if (!force && (status == "running" || status == "paused")) {
    throw RuntimeError("delete container " + id + ": cannot delete container " + id +
                           " that is not stopped: " + status,
                       1);
  }
  containers_.erase(it);
}

std::optional<RuntimeState> FakeOciRuntime::state(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = containers_.find(id);
  if (it == containers_.end()) return std::nullopt;
  int pid = it->second.status == "stopped" ? 0 : it->second.pid;
  return RuntimeState{it->second.status, pid};
}

}  // namespace berth::runtime
