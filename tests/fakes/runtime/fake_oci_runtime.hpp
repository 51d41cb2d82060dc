#pragma once
// An OciRuntime that keeps its containers in memory and runs no process: what a container's
// process does is the test's `Program` (given the argv of the bundle's config.json or of an
// exec's process.json). It follows runc's state machine and refusals, which the conformance
// suite (tests/conformance/oci_runtime_suite) holds both to.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/oci_runtime.hpp"

namespace berth::runtime {

class FakeOciRuntime : public OciRuntime {
 public:
  struct Behaviour {
    std::vector<std::string> output;  // lines it prints
    int exit_code = 0;
    bool runs_until_killed = false;
    // Files it writes (path in the container, content): a build step's changes.
    std::vector<std::pair<std::string, std::string>> writes;
  };
  using Program = std::function<Behaviour(const std::vector<std::string>& argv)>;

  // Default program: prints nothing and exits 0.
  explicit FakeOciRuntime(Program program = {});

  std::filesystem::path check_usable() override;
  void create(const std::string& id, const std::filesystem::path& bundle,
              const RuntimeStdio& stdio) override;
  void start(const std::string& id) override;
  RunResult run(const std::string& id, const std::filesystem::path& bundle,
                const RunOptions& options) override;
  int exec(const std::string& id, const ExecOptions& options) override;
  CapturedExecResult exec_captured(const std::string& id,
                                   const CapturedExecOptions& options) override;
  void kill(const std::string& id, int signal, bool all) override;
  void pause(const std::string& id) override;
  void resume(const std::string& id) override;
  void remove(const std::string& id, bool force) override;
  std::optional<RuntimeState> state(const std::string& id) override;

  // Makes check_usable() throw this message (a runtime missing from the host).
  void set_unusable(std::string reason) { unusable_ = std::move(reason); }
  // Every call, as "operation id" ("remove --force abc"), in order.
  std::vector<std::string> calls() const;

 private:
  struct Container {
    std::string status;  // created, running, paused, stopped
    std::vector<std::string> argv;
    int pid = 0;
  };
  Container& find(const std::string& id, const std::string& what);
  // Plays `b` in the rootfs of the bundle's spec: writes its files.
  static void write_files(const std::filesystem::path& bundle, const Behaviour& b);
  void record(std::string call);

  Program program_;
  std::string unusable_;
  mutable std::mutex mutex_;
  std::map<std::string, Container> containers_;
  std::vector<std::string> calls_;
  int next_pid_ = 1000;
};

}  // namespace berth::runtime
