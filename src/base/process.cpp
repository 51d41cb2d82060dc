#include "base/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/spawn.hpp"

namespace berth {

namespace {

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

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options,
                          const std::function<void(std::string_view)>& on_line) {
  if (argv.empty()) throw Error("run_process: no program given");
  SpawnSetup setup;
  UniqueFd in;
  if (!options.stdin_data.empty()) {
    in = make_memfd("berth-stdin");
    write_all(in.get(), options.stdin_data.data(), options.stdin_data.size(), "program stdin");
    if (::lseek(in.get(), 0, SEEK_SET) != 0) throw_errno("rewind program stdin");
  }
  setup.stdio(in.valid() ? in.get() : -1, STDIN_FILENO, O_RDONLY);
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
  setup.stdio(out_fd, STDOUT_FILENO, O_WRONLY);
  setup.stdio(out_fd, STDERR_FILENO, O_WRONLY);
  setup.close_other_fds();
  if (options.new_session) posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSID);

  std::vector<std::string> args = argv;
  std::vector<std::string> env;
  if (options.environment) env = *options.environment;
  auto argp = c_strings(args);
  auto envp = c_strings(env);
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
  if (!on_line) result.output = read_from_start(out.get(), "the output of " + argv[0]);
  return result;
}

std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  return with_overrides(std::move(env), overrides);
}

}  // namespace berth
