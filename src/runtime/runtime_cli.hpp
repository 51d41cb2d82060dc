#pragma once
// OciRuntime over a runtime binary with runc's command line: runc, crun or youki. Each call
// starts the binary with `--root <state dir> --log <file> --log-format json`; its errors are
// read from that log (its stderr may be the user's terminal), in one place.
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/oci_runtime.hpp"

namespace berth::runtime {

class RuntimeCli : public OciRuntime {
 public:
  // `binary`: runc, crun or youki (looked up in PATH); `state_root`: its --root; `scratch`:
  // where the per-call log files go (a tmpfs such as /run/berth).
  RuntimeCli(std::string binary, std::filesystem::path state_root, std::filesystem::path scratch);

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

 private:
  struct Outcome {
    int exit_code = 0;
    std::string error;   // the last error the runtime logged; empty when none
    std::string output;  // stdout, when captured
  };
  // Runs the binary with `args` after the global options, and waits.
  Outcome invoke(const std::vector<std::string>& args, const RuntimeStdio& stdio,
                 bool capture_stdout = false);
  // Throws RuntimeError "<what>: <the runtime's message>" when `outcome` failed.
  void check(const Outcome& outcome, const std::string& what) const;

  std::string binary_;
  std::filesystem::path state_root_;
  std::filesystem::path scratch_;
};

// The message of the last "error" entry in a runtime's JSON log (one object per line); lines
// that are not JSON are skipped.
std::string last_logged_error(std::string_view log);

}  // namespace berth::runtime
