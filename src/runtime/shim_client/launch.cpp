#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
  if (l.wait_attach) args.push_back("--wait-attach");
  for (const auto& a : l.exit_command) {
    args.push_back("--exit-command");
    args.push_back(a);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // posix_spawn (vfork underneath) rather than fork: copying this process's page tables
  // only to replace them at exec costs ~1 ms of every `berth run`.
  int sync_child = sync[1];
  if (sync_child == kShimSyncFd) {  // dup2 onto itself would keep close-on-exec set
    sync_child = ::fcntl(sync[1], F_DUPFD_CLOEXEC, kShimSyncFd + 1);
    if (sync_child < 0) throw_errno("dup sync pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, sync_child, kShimSyncFd);  // the copy stays open
  // The shim outlives this process: it must hold nothing of ours but its sync pipe.
  posix_spawn_file_actions_addclosefrom_np(&actions, kShimSyncFd + 1);
  pid_t pid = 0;
  int spawn_error = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (sync_child != sync[1]) ::close(sync_child);
  if (spawn_error != 0) {
    ::close(sync[0]);
    ::close(sync[1]);
    throw Error("cannot run the container shim " + l.shim_path + ": " + std::strerror(spawn_error),
                125);
  }
  ::close(sync[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
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
