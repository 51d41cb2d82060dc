#include "spaces/git/git_command.hpp"

#include <signal.h>

#include <cstdlib>

#include "base/child_io.hpp"
#include "base/error.hpp"

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

namespace {

ChildProcess start_git(const GitInvocation& invocation, GitProcess::Stdio stdio) {
  ChildSpec spec;
  spec.argv = {"git"};
  spec.argv.insert(spec.argv.end(), invocation.args.begin(), invocation.args.end());
  spec.environment = merged_environment(invocation.environment);
  // posix_spawnp searches the server's own PATH, which the clean environment copies.
  spec.search_path = true;
  spec.stdin_fd = stdio.in;
  spec.stdout_fd = stdio.out;
  spec.stderr_fd = stdio.err;
  // Own process group: kill() reaches the upload-pack or receive-pack http-backend starts.
  spec.group = ChildSpec::Group::kNewGroup;
  try {
    return ChildProcess::start(spec);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (is git installed?)");
  }
}

}  // namespace

GitProcess::GitProcess(const GitInvocation& invocation, Stdio stdio)
    : child_(start_git(invocation, stdio)) {}

int GitProcess::wait() {
  return child_.wait();
}

void GitProcess::kill() {
  child_.signal(SIGKILL);
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
