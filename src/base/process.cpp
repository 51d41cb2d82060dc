#include "base/process.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/child_io.hpp"
#include "base/child_process.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

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
  ChildSpec spec;
  spec.argv = argv;
  spec.environment = options.environment;
  spec.search_path = options.search_path;
  if (options.new_session) spec.group = ChildSpec::Group::kNewSession;
  UniqueFd in;
  if (!options.stdin_data.empty()) {
    in = make_memfd("berth-stdin");
    write_all(in.get(), options.stdin_data.data(), options.stdin_data.size(), "program stdin");
    if (::lseek(in.get(), 0, SEEK_SET) != 0) throw_errno("rewind program stdin");
    spec.stdin_fd = in.get();
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
  spec.stdout_fd = spec.stderr_fd = on_line ? out_write.get() : out.get();
  ChildProcess child = ChildProcess::start(spec);

  ProcessResult result;
  if (on_line) {
    out_write.reset();  // the child holds the only writer: EOF comes when it exits
    stream_lines(out.get(), on_line);
  }
  result.exit_code = child.wait();
  if (!on_line) result.output = read_from_start(out.get(), "the output of " + argv[0]);
  return result;
}

std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  return with_overrides(std::move(env), overrides);
}

}  // namespace berth
