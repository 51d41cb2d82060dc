#include "base/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"

namespace berth {

namespace {

UniqueFd make_memfd(const char* name) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd.valid()) throw_errno(std::string("memfd_create ") + name);
  return fd;
}

std::string read_from_start(int fd) {
  std::string out;
  char buf[4096];
  for (off_t off = 0;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read a program's output");
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
    off += n;
  }
}

// Reads `fd` to its end, handing over each line (without its newline) as it comes.
void stream_lines(int fd, const std::function<void(std::string_view)>& on_line) {
  std::string pending;
  char chunk[8192];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(chunk, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      on_line(std::string_view(pending).substr(start, nl - start));
    pending.erase(0, start);
  }
  if (!pending.empty()) on_line(pending);
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
};

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options,
                          const std::function<void(std::string_view)>& on_line) {
  if (argv.empty()) throw Error("run_process: no program given");
  SpawnSetup setup;
  UniqueFd in;
  if (options.stdin_data.empty()) {
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  } else {
    in = make_memfd("berth-stdin");
    write_all(in.get(), options.stdin_data.data(), options.stdin_data.size(), "program stdin");
    if (::lseek(in.get(), 0, SEEK_SET) != 0) throw_errno("rewind program stdin");
    posix_spawn_file_actions_adddup2(&setup.actions, in.get(), STDIN_FILENO);
  }
  // Collected output goes to a memfd, so a daemonising program that keeps stderr open cannot
  // make us wait for an EOF; streamed output needs a pipe.
  UniqueFd out, out_write;
  if (on_line) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe");
    out = UniqueFd(fds[0]);
    out_write = UniqueFd(fds[1]);
  } else {
    out = make_memfd("berth-output");
  }
  const int out_fd = on_line ? out_write.get() : out.get();
  posix_spawn_file_actions_adddup2(&setup.actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, out_fd, STDERR_FILENO);
  if (options.new_session) posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSID);

  std::vector<std::string> args = argv;
  std::vector<std::string> env;
  if (options.environment) env = *options.environment;
  auto argp = pointers(args);
  auto envp = pointers(env);
  char** child_env = options.environment ? envp.data() : environ;
  pid_t pid = 0;
  int err = options.search_path
                ? ::posix_spawnp(&pid, argp[0], &setup.actions, &setup.attr, argp.data(), child_env)
                : ::posix_spawn(&pid, argp[0], &setup.actions, &setup.attr, argp.data(), child_env);
  if (err != 0) throw Error("cannot run " + argv[0] + ": " + std::strerror(err));

  ProcessResult result;
  if (on_line) {
    out_write.reset();  // the child holds the only writer: EOF comes when it exits
    stream_lines(out.get(), on_line);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw_errno("wait for " + argv[0]);
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (!on_line) result.output = read_from_start(out.get());
  return result;
}

std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool overridden = false;
    for (const auto& o : overrides) overridden = overridden || name_of(o) == name_of(entry);
    if (!overridden) env.emplace_back(entry);
  }
  env.insert(env.end(), overrides.begin(), overrides.end());
  return env;
}

}  // namespace berth
