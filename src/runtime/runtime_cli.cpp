#include "runtime/runtime_cli.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "base/child_io.hpp"
#include "base/child_process.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"
#include "runtime/runtime_choice.hpp"

namespace berth::runtime {

std::string last_logged_error(std::string_view log) {
  std::string message;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string_view::npos) end = log.size();
    Json entry = Json::parse(log.substr(start, end - start), nullptr, /*allow_exceptions=*/false);
    if (entry.is_object() && entry.value("level", "") == "error") {
      message = entry.value("msg", "");
    }
    start = end + 1;
  }
  return message;
}

RuntimeCli::RuntimeCli(std::string binary, std::filesystem::path state_root,
                       std::filesystem::path scratch)
    : binary_(std::move(binary)),
      state_root_(std::move(state_root)),
      scratch_(std::move(scratch)) {}

RuntimeCli::Outcome RuntimeCli::invoke(const std::vector<std::string>& args,
                                       const RuntimeStdio& stdio, bool capture_stdout) {
  TempDir call(scratch_, "runtime-");
  auto log = call.path() / "log.json";
  ChildSpec spec;
  spec.argv = {binary_,        "--root", state_root_.string(), "--log", log.string(),
               "--log-format", "json"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.search_path = true;
  spec.stdin_fd = stdio.in;
  spec.stdout_fd = stdio.out;
  spec.stderr_fd = stdio.err;
  UniqueFd out;
  if (capture_stdout) {
    out = make_memfd("berth-runtime-out");
    spec.stdout_fd = out.get();
  }
  Outcome outcome;
  outcome.exit_code = ChildProcess::start(spec).wait();
  if (capture_stdout) outcome.output = read_from_start(out.get(), binary_ + "'s output");
  try {
    outcome.error = last_logged_error(read_file(log));
  } catch (const NotFoundError&) {
    // It logged nothing.
  }
  return outcome;
}

void RuntimeCli::check(const Outcome& outcome, const std::string& what) const {
  if (outcome.exit_code == 0) return;
  std::string reason = outcome.error.empty()
                           ? binary_ + " exited with status " + std::to_string(outcome.exit_code)
                           : outcome.error;
  throw RuntimeError(what, reason, outcome.exit_code);
}

std::filesystem::path RuntimeCli::check_usable() {
  auto executable = check_runtime_installed(binary_);
  check_runtime_supports_this_host(binary_);
  return executable;
}

void RuntimeCli::create(const std::string& id, const std::filesystem::path& bundle,
                        const RuntimeStdio& stdio) {
  check(invoke({"create", "--bundle", bundle.string(), id}, stdio), "create container " + id);
}

void RuntimeCli::start(const std::string& id) {
  check(invoke({"start", id}, {}), "start container " + id);
}

RunResult RuntimeCli::run(const std::string& id, const std::filesystem::path& bundle,
                          const RunOptions& options) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe");
  UniqueFd out_read(fds[0]), out_write(fds[1]);
  ChildSpec spec;
  spec.argv = {binary_, "--root", state_root_.string(), "run", "--bundle", bundle.string(), id};
  spec.search_path = true;
  spec.stdout_fd = spec.stderr_fd = out_write.get();
  ChildProcess child = ChildProcess::start(spec);
  out_write.reset();  // the child holds the only writer: EOF comes when its processes exit

  RunResult result;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (options.wall_time) deadline = std::chrono::steady_clock::now() + *options.wall_time;
  std::string pending;
  char buf[8192];
  for (;;) {
    if (deadline && !result.timed_out) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      pollfd p{out_read.get(), POLLIN, 0};
      int ready = left.count() > 0
                      ? ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 60'000)))
                      : 0;
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) {
        if (std::chrono::steady_clock::now() < *deadline) continue;
        // The runtime forwards no SIGKILL: kill the container itself; its output then ends.
        result.timed_out = true;
        kill(id, SIGKILL, true);
        continue;
      }
    }
    ssize_t n = ::read(out_read.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      if (options.on_output) options.on_output(std::string_view(pending).substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
  if (!pending.empty() && options.on_output) options.on_output(pending);
  result.exit_code = child.wait();
  return result;
}

int RuntimeCli::exec(const std::string& id, const ExecOptions& options) {
  std::vector<std::string> args = {"exec", "--process", options.process_json.string()};
  if (options.tty) args.push_back("--tty");
  if (options.detach) args.push_back("--detach");
  args.push_back(id);
  Outcome outcome = invoke(args, options.stdio);
  // The process's own status comes back as the runtime's; a message in the log means the
  // runtime failed to start it.
  if (!outcome.error.empty()) throw RuntimeError(outcome.error, outcome.exit_code);
  return outcome.exit_code;
}

CapturedExecResult RuntimeCli::exec_captured(const std::string& id,
                                             const CapturedExecOptions& options) {
  TempDir call(scratch_, "runtime-");
  auto log = call.path() / "log.json";
  auto pid_file = call.path() / "exec.pid";
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe");
  UniqueFd out_read(fds[0]), out_write(fds[1]);
  ChildSpec spec;
  spec.argv = {binary_,
               "--root",
               state_root_.string(),
               "--log",
               log.string(),
               "--log-format",
               "json",
               "exec",
               "--process",
               options.process_json.string(),
               "--pid-file",
               pid_file.string(),
               id};
  spec.search_path = true;
  spec.stdout_fd = spec.stderr_fd = out_write.get();
  ChildProcess child = ChildProcess::start(spec);
  out_write.reset();
  // The runtime's exit, not the pipe's EOF, ends the probe: a process the check left in the
  // background may hold the pipe open for ever.
  UniqueFd exited(static_cast<int>(::syscall(SYS_pidfd_open, child.pid(), 0)));
  if (!exited.valid()) throw_errno("pidfd_open");

  CapturedExecResult result;
  auto take = [&](const char* data, size_t n) {
    size_t room = options.output_limit - std::min(options.output_limit, result.output.size());
    result.output.append(data, std::min(n, room));
    if (n > room) result.truncated = true;
  };
  auto drain = [&] {
    ::fcntl(out_read.get(), F_SETFL, O_NONBLOCK);
    char buf[8192];
    ssize_t n;
    while ((n = ::read(out_read.get(), buf, sizeof buf)) > 0) take(buf, static_cast<size_t>(n));
  };
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool output_open = true;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd p[2] = {{exited.get(), POLLIN, 0}, {output_open ? out_read.get() : -1, POLLIN, 0}};
    int ready = ::poll(p, 2, static_cast<int>(std::min<int64_t>(left.count() + 1, 60'000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw_errno("poll");
    if (p[1].revents) {
      char buf[8192];
      ssize_t n = ::read(out_read.get(), buf, sizeof buf);
      if (n > 0) {
        take(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        output_open = false;
      }
    }
    if (p[0].revents) {
      if (output_open) drain();
      break;
    }
  }
  if (result.timed_out) {
    // Kill the probe's process (runc then exits with its status); the runtime itself when
    // it has not started one yet.
    int pid = 0;
    try {
      pid = std::atoi(read_file(pid_file).c_str());
    } catch (const NotFoundError&) {
    }
    if (pid > 0) ::kill(pid, SIGKILL);
    pollfd p{exited.get(), POLLIN, 0};
    if (pid <= 0 || ::poll(&p, 1, 2000) <= 0) child.signal(SIGKILL);
  }
  result.exit_code = child.wait();
  if (!result.timed_out) {
    std::string error;
    try {
      error = last_logged_error(read_file(log));
    } catch (const NotFoundError&) {
    }
    if (!error.empty()) throw RuntimeError(error, result.exit_code);
  }
  return result;
}

void RuntimeCli::kill(const std::string& id, int signal, bool all) {
  std::vector<std::string> args = {"kill"};
  if (all) args.push_back("--all");
  args.push_back(id);
  args.push_back(std::to_string(signal));
  check(invoke(args, {}), "kill container " + id);
}

void RuntimeCli::pause(const std::string& id) {
  check(invoke({"pause", id}, {}), "pause container " + id);
}

void RuntimeCli::resume(const std::string& id) {
  check(invoke({"resume", id}, {}), "resume container " + id);
}

void RuntimeCli::remove(const std::string& id, bool force) {
  // Each runtime keeps a directory per container under its root: none, nothing to delete.
  std::error_code ec;
  if (!std::filesystem::exists(state_root_ / id, ec)) return;
  std::vector<std::string> args = {"delete"};
  if (force) args.push_back("--force");
  args.push_back(id);
  check(invoke(args, {}), "delete container " + id);
}

std::optional<RuntimeState> RuntimeCli::state(const std::string& id) {
  std::error_code ec;
  if (!std::filesystem::exists(state_root_ / id, ec)) return std::nullopt;
  Outcome outcome = invoke({"state", id}, {}, /*capture_stdout=*/true);
  check(outcome, "state of container " + id);
  Json j = Json::parse(outcome.output, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    throw RuntimeError("state of container " + id + ": " + binary_ + " printed no JSON", 0);
  }
  return RuntimeState{j.value("status", ""), j.value("pid", 0)};
}

}  // namespace berth::runtime
