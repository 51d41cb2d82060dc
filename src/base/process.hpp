#pragma once
// Running a helper program to completion: nft and aardvark-dns for networks, git for a build's
// remote context, `runc kill`. Started by ChildProcess (base/child_process.hpp: stdio only, no
// other descriptor, default signals), fed from a memfd, its output collected or streamed by
// line, and reaped.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

struct ProcessOptions {
  // The child's environment, "NAME=value" each; nullopt: this process's own.
  std::optional<std::vector<std::string>> environment;
  // Given on stdin (from a memfd: written whole before the program starts, no pipe to feed);
  // empty: /dev/null.
  std::string_view stdin_data;
  // setsid: keeps a daemon the program starts out of the caller's Ctrl-C.
  bool new_session = false;
  // argv[0] is looked up in PATH when it has no slash.
  bool search_path = false;
};

struct ProcessResult {
  int exit_code = 0;   // 128 + signal when killed by one; 127 when it could not be executed
  std::string output;  // stdout and stderr together (empty when streamed to on_line)
};

// Runs `argv` and waits for it. Its output (stdout and stderr together) is collected, or, when
// `on_line` is given, handed over line by line as it comes. Throws Error only when the program
// cannot be started; a non-zero exit is the caller's to judge.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {},
                          const std::function<void(std::string_view)>& on_line = {});

// This process's environment with `overrides` ("NAME=value") in place of the variables they
// name: execve keeps duplicates, and getenv takes the first.
std::vector<std::string> environment_with(const std::vector<std::string>& overrides);

}  // namespace berth
