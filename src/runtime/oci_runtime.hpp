#pragma once
// The OCI runtime as the engine and the builder see it: the operations of runc's command line
// (create, start, run, exec, kill, pause, resume, delete, state) on containers it keeps under
// its own state directory. RuntimeCli drives runc, crun or youki; FakeOciRuntime (tests)
// keeps containers in memory, so the engine's lifecycle rules are tested without root. Both
// pass one conformance suite (tests/conformance/oci_runtime_suite.hpp).
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace berth::runtime {

// A runtime command failed: `what` and the runtime's own message (from its --log).
class RuntimeError : public Error {
 public:
  RuntimeError(const std::string& message, int runtime_exit_code)
      : Error(message), reason_(message), runtime_exit_code_(runtime_exit_code) {}
  RuntimeError(const std::string& what, const std::string& reason, int runtime_exit_code)
      : Error(what + ": " + reason), reason_(reason), runtime_exit_code_(runtime_exit_code) {}
  int runtime_exit_code() const { return runtime_exit_code_; }
  // The runtime's own words, without what was being done.
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
  int runtime_exit_code_;
};

// The state command's answer: "created", "running", "paused" or "stopped", and the pid of the
// container's init (0 once stopped).
struct RuntimeState {
  std::string status;
  int pid = 0;
};

// Descriptors handed to the container's process (runc passes its own stdio on). Values as in
// ChildSpec: a descriptor, ChildSpec::kNull or ChildSpec::kInherit.
struct RuntimeStdio {
  int in = -1;
  int out = -1;
  int err = -1;
};

// A foreground run of a build step: stdout and stderr together, line by line, with a deadline
// after which every process of the container is killed.
struct RunOptions {
  std::function<void(std::string_view line)> on_output;
  std::optional<std::chrono::seconds> wall_time;
};

struct RunResult {
  int exit_code = 0;  // the process's status, or 128 + signal
  bool timed_out = false;
};

struct ExecOptions {
  std::filesystem::path process_json;  // the process to run (the spec's "process" object)
  bool tty = false;
  bool detach = false;
  RuntimeStdio stdio;
};

// A healthcheck probe: a process run in a running container with stdout and stderr captured
// together (the first output_limit bytes kept), killed once `timeout` has passed.
struct CapturedExecOptions {
  std::filesystem::path process_json;
  std::chrono::nanoseconds timeout{0};
  size_t output_limit = 4096;
};

struct CapturedExecResult {
  int exit_code = 0;  // the process's status, or 128 + signal
  std::string output;
  bool truncated = false;  // it printed more than output_limit bytes
  bool timed_out = false;  // killed at the timeout
};

class OciRuntime {
 public:
  virtual ~OciRuntime() = default;

  // Throws an Error (exit code 125) that names the problem and the fix when this runtime
  // cannot run containers here (not installed, a host it refuses); else returns the
  // executable to run it with (the shim gets the path, so it need not search $PATH).
  virtual std::filesystem::path check_usable() = 0;

  // Creates the container of `bundle`/config.json; its process waits for start().
  virtual void create(const std::string& id, const std::filesystem::path& bundle,
                      const RuntimeStdio& stdio) = 0;
  virtual void start(const std::string& id) = 0;
  // create, start, wait and delete in one: a build step.
  virtual RunResult run(const std::string& id, const std::filesystem::path& bundle,
                        const RunOptions& options) = 0;
  // Runs another process in a running container; its exit status (0 when detached).
  virtual int exec(const std::string& id, const ExecOptions& options) = 0;
  // The same, captured and bounded in time (see CapturedExecOptions). Throws RuntimeError when
  // the runtime cannot start the process.
  virtual CapturedExecResult exec_captured(const std::string& id,
                                           const CapturedExecOptions& options) = 0;
  // `all`: every process of the container, not only its init.
  virtual void kill(const std::string& id, int signal, bool all) = 0;
  virtual void pause(const std::string& id) = 0;
  virtual void resume(const std::string& id) = 0;
  // force: kills a running container first. Deleting an unknown container is not an error
  // (cleanup is idempotent).
  virtual void remove(const std::string& id, bool force) = 0;
  // nullopt: the runtime does not know the container.
  virtual std::optional<RuntimeState> state(const std::string& id) = 0;
};

}  // namespace berth::runtime
