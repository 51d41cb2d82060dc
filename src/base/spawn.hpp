#pragma once
// posix_spawn's building blocks, shared by run_process (base/process.hpp) and the server's
// GitProcess, which streams to a client while git runs and so sets its child up itself.
#include <spawn.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth {

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
  SpawnSetup();
  ~SpawnSetup();
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  // `fd` becomes the child's `target` descriptor; -1: /dev/null opened with `null_flags`.
  void stdio(int fd, int target, int null_flags);
  // Closes every descriptor above stderr in the child, close-on-exec or not: a helper gets
  // only its stdio, never a socket or file its caller (or a library) left inheritable.
  // Call it after stdio(): file actions run in order.
  void close_other_fds();

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
};

// argv/envp for exec: pointers into `strings`, then a null.
std::vector<char*> c_strings(std::vector<std::string>& strings);

// An anonymous file (close-on-exec) for a child's stdin or output: written or read whole,
// no pipe to keep moving.
UniqueFd make_memfd(const char* name);
// Everything in `fd` from offset 0; `what` names it in errors.
std::string read_from_start(int fd, std::string_view what);

// `env` ("NAME=value" each) with `overrides` in place of the variables they name: execve
// keeps duplicates, and getenv takes the first.
std::vector<std::string> with_overrides(std::vector<std::string> env,
                                        const std::vector<std::string>& overrides);

}  // namespace berth
