#include "spaces/git/git_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/error.hpp"
#include "base/spawn.hpp"

namespace berth::spaces {
namespace {

constexpr std::string_view kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env = clean_git_environment();
  for (const auto& entry : extra) {
    if (entry.find('=') == std::string::npos) {
      throw InvalidArgumentError("git environment entry without '=': " + entry);
    }
  }
  return with_overrides(std::move(env), extra);
}

}  // namespace

std::vector<std::string> clean_git_environment() {
  const char* path = ::getenv("PATH");
  return {
      "PATH=" + std::string(path && *path ? std::string_view(path) : kDefaultPath),
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_CONFIG_GLOBAL=/dev/null",
      "GIT_ATTR_NOSYSTEM=1",
      "GIT_TERMINAL_PROMPT=0",
      "LC_ALL=C",
  };
}

GitProcess::GitProcess(const GitInvocation& invocation, Stdio stdio) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), invocation.args.begin(), invocation.args.end());
  std::vector<std::string> env = merged_environment(invocation.environment);
  std::vector<char*> c_argv = c_strings(argv);
  std::vector<char*> c_env = c_strings(env);

  SpawnSetup setup;
  setup.stdio(stdio.in, STDIN_FILENO, O_RDONLY);
  setup.stdio(stdio.out, STDOUT_FILENO, O_WRONLY);
  setup.stdio(stdio.err, STDERR_FILENO, O_WRONLY);
  if (int err = posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1)) {
    throw_errno("prepare git's descriptors", err);
  }
  // Own process group: kill() reaches the upload-pack or receive-pack http-backend starts.
  // Default signal handling and an empty mask: the server may ignore SIGPIPE, git must not.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setsigdefault(&setup.attr, &all);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  // posix_spawnp searches the server's own PATH, which the clean environment copies.
  if (int err =
          ::posix_spawnp(&pid_, "git", &setup.actions, &setup.attr, c_argv.data(), c_env.data())) {
    std::string args;
    for (const auto& a : invocation.args) args += " " + a;
    throw_errno("run git" + args + " (is git installed?)", err);
  }
}

GitProcess::~GitProcess() {
  if (reaped_) return;
  kill();
  reap();
}

void GitProcess::kill() {
  if (!reaped_) ::kill(-pid_, SIGKILL);
}

int GitProcess::reap() noexcept {
  int status = 0;
  pid_t got;
  while ((got = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  if (got < 0) return errno;  // ECHILD: someone else reaped it (SIGCHLD ignored)
  reaped_ = true;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return 0;
}

int GitProcess::wait() {
  if (!reaped_) {
    if (int err = reap()) throw_errno("wait for git", err);
  }
  return status_;
}

GitResult run_git(const GitInvocation& invocation) {
  // memfds, not pipes: nothing to poll, and git cannot block on a full pipe.
  UniqueFd out = make_memfd("berth-git-out");
  UniqueFd err = make_memfd("berth-git-err");
  GitProcess git(invocation, {.in = -1, .out = out.get(), .err = err.get()});
  GitResult result;
  result.exit_code = git.wait();
  result.out = read_from_start(out.get(), "git's output");
  result.err = read_from_start(err.get(), "git's errors");
  return result;
}

std::string run_git_checked(const GitInvocation& invocation, std::string_view what) {
  GitResult result = run_git(invocation);
  if (result.exit_code != 0) {
    std::string message = last_line(result.err);
    if (message.empty()) message = "git exited with status " + std::to_string(result.exit_code);
    throw Error(std::string(what) + ": " + message);
  }
  return std::move(result.out);
}

std::string last_line(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t end = text.find_last_not_of(kSpace);
  if (end == std::string_view::npos) return {};
  text = text.substr(0, end + 1);
  size_t start = text.find_last_of('\n');
  text = start == std::string_view::npos ? text : text.substr(start + 1);
  size_t first = text.find_first_not_of(kSpace);
  return std::string(text.substr(first));
}

}  // namespace berth::spaces
