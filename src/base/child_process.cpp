#include "base/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth {

namespace {

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnObjects {
  SpawnObjects() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnObjects() {
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
  }
  SpawnObjects(const SpawnObjects&) = delete;
  SpawnObjects& operator=(const SpawnObjects&) = delete;

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
};

void check(int err, const char* what) {
  if (err != 0) throw_errno(what, err);
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

int exit_code_of(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

ChildProcess ChildProcess::start(const ChildSpec& spec) {
  if (spec.argv.empty()) throw Error("cannot run a program: none was named");
  std::vector<ChildSpec::Descriptor> map = {{STDIN_FILENO, spec.stdin_fd},
                                            {STDOUT_FILENO, spec.stdout_fd},
                                            {STDERR_FILENO, spec.stderr_fd}};
  map.insert(map.end(), spec.extra_fds.begin(), spec.extra_fds.end());
  int highest_target = STDERR_FILENO;
  for (const auto& d : map) highest_target = std::max(highest_target, d.child);

  // File actions run in order, so a source that is also some mapping's target could be
  // overwritten before it is copied: such sources are first moved above every target (and
  // dup2 of a descriptor onto itself would keep its close-on-exec flag).
  std::vector<UniqueFd> moved;
  SpawnObjects spawn;
  for (const auto& d : spec.extra_fds) {
    if (d.child <= STDERR_FILENO || d.parent < 0) {
      throw Error("cannot run " + spec.argv[0] + ": descriptor " + std::to_string(d.child) +
                  " is not an extra descriptor");
    }
  }
  for (const auto& d : map) {
    int source = d.parent;
    if (source == ChildSpec::kInherit) continue;  // stdio kept as ours: closefrom spares it
    if (source == ChildSpec::kNull) {
      int flags = d.child == STDIN_FILENO ? O_RDONLY : O_WRONLY;
      check(posix_spawn_file_actions_addopen(&spawn.actions, d.child, "/dev/null", flags, 0),
            "prepare a child's descriptors");
      continue;
    }
    if (source <= highest_target) {
      int high = ::fcntl(source, F_DUPFD_CLOEXEC, highest_target + 1);
      if (high < 0) throw_errno("prepare a child's descriptor " + std::to_string(source));
      moved.emplace_back(high);
      source = high;
    }
    check(posix_spawn_file_actions_adddup2(&spawn.actions, source, d.child),
          "prepare a child's descriptors");
  }
  check(posix_spawn_file_actions_addclosefrom_np(&spawn.actions, highest_target + 1),
        "prepare a child's descriptors");

  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  posix_spawnattr_setsigdefault(&spawn.attr, &all);
  posix_spawnattr_setsigmask(&spawn.attr, &none);
  if (spec.group == ChildSpec::Group::kNewGroup) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&spawn.attr, 0);
  } else if (spec.group == ChildSpec::Group::kNewSession) {
    flags |= POSIX_SPAWN_SETSID;
  }
  check(posix_spawnattr_setflags(&spawn.attr, flags), "prepare a child's attributes");

  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = spec.environment.value_or(std::vector<std::string>{});
  auto argp = pointers_to(args);
  auto envp = pointers_to(env);
  char** child_env = spec.environment ? envp.data() : environ;
  pid_t pid = -1;
  int err = spec.search_path
                ? ::posix_spawnp(&pid, argp[0], &spawn.actions, &spawn.attr, argp.data(), child_env)
                : ::posix_spawn(&pid, argp[0], &spawn.actions, &spawn.attr, argp.data(), child_env);
  if (err != 0) throw Error("cannot run " + spec.argv[0] + ": " + std::strerror(err));
  ChildProcess child(pid, spec.group != ChildSpec::Group::kInherit);
  child.program_ = spec.argv[0];
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      own_group_(other.own_group_),
      program_(std::move(other.program_)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    kill_and_reap();
    pid_ = std::exchange(other.pid_, -1);
    own_group_ = other.own_group_;
    program_ = std::move(other.program_);
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  kill_and_reap();
}

void ChildProcess::signal(int signal) const {
  if (pid_ > 0) ::kill(own_group_ ? -pid_ : pid_, signal);
}

int ChildProcess::wait() {
  if (pid_ <= 0) throw Error("wait for " + program_ + ": it was already waited for");
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      int err = errno;
      pid_ = -1;
      throw_errno("wait for " + program_, err);
    }
  }
  pid_ = -1;
  return exit_code_of(status);
}

void ChildProcess::kill_and_reap() noexcept {
  if (pid_ <= 0) return;
  signal(SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

}  // namespace berth
