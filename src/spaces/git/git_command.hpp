#pragma once
// Runs the git CLI for the server: `git http-backend` for smart HTTP and a few plumbing commands
// for the Spaces' bare repositories. Every git gets a clean environment, so nothing of the
// user's or the system's git configuration (url rewrites, hooks paths, credential helpers,
// safe.directory) changes what the server does.
#include <string>
#include <string_view>
#include <vector>

#include "base/child_process.hpp"

namespace berth::spaces {

struct GitInvocation {
  std::vector<std::string> args;         // after "git"
  std::vector<std::string> environment;  // "NAME=value"; replaces the clean one's NAME
};

// The base environment: the server's PATH (hooks need one), no HOME, no system or global
// config (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null), no system gitattributes, no
// prompts, the C locale.
std::vector<std::string> clean_git_environment();

// A running git, in its own process group. The destructor kills the group and reaps the child
// if wait() was not called, so an exception (a client gone mid-stream) never leaves a git
// running or a zombie behind.
class GitProcess {
 public:
  // The descriptors become the child's stdin, stdout and stderr; -1 means /dev/null. All
  // other descriptors are closed in the child (the server's sockets are not CLOEXEC).
  struct Stdio {
    int in = -1;
    int out = -1;
    int err = -1;
  };

  // Throws Error when git cannot be started.
  GitProcess(const GitInvocation& invocation, Stdio stdio);

  // Waits for the exit: the exit status, or 128 + the signal's number. Throws Error when the
  // child cannot be waited for.
  int wait();
  // SIGKILL to git and what it started (http-backend runs upload-pack / receive-pack).
  void kill();
  pid_t pid() const { return child_.pid(); }

 private:
  ChildProcess child_;
};

struct GitResult {
  int exit_code = 0;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs git to completion, capturing both outputs. Throws only when git cannot be started.
GitResult run_git(const GitInvocation& invocation);

// Runs git and returns its stdout; a non-zero exit throws Error "<what>: <git's stderr>".
std::string run_git_checked(const GitInvocation& invocation, std::string_view what);

// The last non-empty line of `text` (git's "fatal: ..." line), trimmed.
std::string last_line(std::string_view text);

}  // namespace berth::spaces
