#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/child_process.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::runtime {
namespace {

// The fd on which the shim reports "ok PID SHIM_PID" or "error MESSAGE".
constexpr int kShimSyncFd = 3;

}  // namespace

ShimStarted launch_shim(const ShimLaunch& l) {
  if (::access(l.shim_path.c_str(), X_OK) != 0) {
    throw Error("cannot run the container shim " + l.shim_path + ": " + std::strerror(errno), 125);
  }
  int sync[2];
  if (::pipe2(sync, O_CLOEXEC) != 0) throw_errno("pipe");
  std::vector<std::string> args = {l.shim_path,
                                   "--id",
                                   l.id,
                                   "--bundle",
                                   l.bundle.string(),
                                   "--runtime",
                                   l.runtime,
                                   "--log-path",
                                   l.log_path.string(),
                                   "--exit-file",
                                   l.exit_file.string(),
                                   "--pid-file",
                                   l.pid_file.string(),
                                   "--attach-socket",
                                   l.attach_socket.string(),
                                   "--log-max-size",
                                   std::to_string(l.log_max_size),
                                   "--log-max-files",
                                   std::to_string(l.log_max_files),
                                   "--sync-fd",
                                   std::to_string(kShimSyncFd)};
  if (!l.runtime_root.empty()) {
    args.push_back("--runtime-root");
    args.push_back(l.runtime_root.string());
  }
  if (!l.cgroups_path.empty()) {
    args.push_back("--cgroups-path");
    args.push_back(l.cgroups_path);
  }
  if (l.tty) args.push_back("--tty");
  if (l.stdin_open) args.push_back("--stdin");
  if (l.stdin_once) args.push_back("--stdin-once");
  if (l.wait_attach) args.push_back("--wait-attach");
  for (const auto& a : l.exit_command) {
    args.push_back("--exit-command");
    args.push_back(a);
  }
  if (!l.health_command.empty()) {
    for (const auto& a : l.health_command) {
      args.push_back("--health-command");
      args.push_back(a);
    }
    args.insert(args.end(),
                {"--health-interval", std::to_string(l.health_interval.count()),
                 "--health-start-period", std::to_string(l.health_start_period.count()),
                 "--health-start-interval", std::to_string(l.health_start_interval.count())});
  }
  // The shim outlives this process: it gets our stdio and its sync pipe, nothing else.
  ChildSpec spec;
  spec.argv = std::move(args);
  spec.stdin_fd = spec.stdout_fd = spec.stderr_fd = ChildSpec::kInherit;
  spec.extra_fds = {{kShimSyncFd, sync[1]}};
  int status = 0;
  try {
    // It forks away at once (setsid, subreaper) and reports on the sync pipe.
    status = ChildProcess::start(spec).wait();
  } catch (const Error& e) {
    ::close(sync[0]);
    ::close(sync[1]);
    throw Error(e.what(), 125);  // "cannot run PATH: REASON"
  }
  ::close(sync[1]);
  std::string line;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(sync[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
    if (line.find('\n') != std::string::npos) break;
  }
  ::close(sync[0]);
  while (!line.empty() && line.back() == '\n') line.pop_back();
  if (line.rfind("ok ", 0) == 0) {
    ShimStarted started;
    if (std::sscanf(line.c_str() + 3, "%d %d", &started.container_pid, &started.shim_pid) == 2) {
      return started;
    }
  }
  if (line.rfind("error ", 0) == 0) throw Error(line.substr(6));
  throw Error("the container shim exited without reporting (status " + std::to_string(status) +
              ")");
}

std::optional<ExitRecord> read_exit_file(const std::filesystem::path& path) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const NotFoundError&) {
    return std::nullopt;
  }
  try {
    Json j = Json::parse(text);
    return ExitRecord{j.value("exit_code", 255), j.value("finished_at", ""),
                      j.value("oom_killed", false)};
  } catch (const Json::exception&) {
    // Written by rename, so a malformed record means a crash left it empty (the shim does not
    // fsync it) or someone else wrote it.
    return ExitRecord{255, "", false};
  }
}

}  // namespace berth::runtime
