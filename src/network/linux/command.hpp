#pragma once
// Runs the few helper binaries the Linux network backend needs (nft, aardvark-dns) and
// collects what they said, for error messages that quote the tool.
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

struct CommandResult {
  int exit_code = 0;   // 128 + signal when killed by one
  std::string output;  // stdout and stderr together
};

struct CommandOptions {
  std::string_view stdin_data;  // given on stdin (from a memfd: no pipe to feed)
  bool new_session = false;     // setsid: keep a daemon out of the caller's Ctrl-C
};

// Runs `argv` (argv[0] absolute, see find_program) and waits for it. Throws only when it
// cannot be started; a non-zero exit is the caller's to judge.
CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options = {});

// `name` in PATH, else in /usr/sbin and /sbin (where nft lives; a sudo'ed or cron PATH often
// lacks them). Throws an Error naming the package to install (not NotFoundError, which
// callers read as "the object is already gone").
std::string find_program(std::string_view name, std::string_view package);

}  // namespace berth::network
