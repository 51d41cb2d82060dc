#include "runtime/mounts_in_place.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/mkdir_all.hpp"
#include "base/safe_fs/path_clean.hpp"

namespace berth::runtime {
namespace {

std::string fd_path(int fd) {
  return "/proc/self/fd/" + std::to_string(fd);
}

// The mount point for `m` inside the root: its directory, or for a file bind an (empty) file,
// created where missing. Never a symlink: the kernel would follow it.
UniqueFd mount_point(int root_fd, const std::string& destination, bool directory) {
  if (directory) return make_dirs_in_root(root_fd, destination, 0755);
  auto [parent, name] = split_last(destination.substr(1));
  UniqueFd parent_fd = make_dirs_in_root(root_fd, std::string(parent), 0755);
  std::string file(name);
  int fd =
      ::openat(parent_fd.get(), file.c_str(), O_CREAT | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno("mount point " + destination + " in the container");
  return UniqueFd(fd);
}

void mount_in_place(const std::filesystem::path& rootfs, std::vector<MountRequest> mounts) {
  if (::unshare(CLONE_NEWNS) != 0) throw_errno("unshare the mount namespace");
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    throw_errno("make the copy's mounts private");
  }
  for (auto& m : mounts) m.destination = clean_absolute_path(m.destination);
  std::stable_sort(mounts.begin(), mounts.end(), [](const auto& a, const auto& b) {
    return path_depth(a.destination) < path_depth(b.destination);
  });
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open container rootfs");
  for (const auto& m : mounts) {
    if (m.type != "bind" || m.destination == "/") continue;
    struct stat st {};
    if (::stat(m.source.c_str(), &st) != 0) throw_errno("mount source " + m.source);
    UniqueFd target = mount_point(root.get(), m.destination, S_ISDIR(st.st_mode));
    if (::mount(m.source.c_str(), fd_path(target.get()).c_str(), nullptr, MS_BIND | MS_REC,
                nullptr) != 0) {
      throw_errno("mount " + m.source + " on " + m.destination);
    }
    if (!m.read_only) continue;
    // The fd above is the covered mount point; the new mount is what a fresh lookup finds.
    UniqueFd mounted = open_in_root(root.get(), m.destination, O_PATH, m.destination);
    if (::mount(nullptr, fd_path(mounted.get()).c_str(), nullptr,
                MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, nullptr) != 0) {
      throw_errno("make " + m.destination + " read-only");
    }
  }
}

// What a child reports: a kind, the exit code, then the bytes copied or the message.
enum class Outcome : char {
  kDone = 'd',
  kNotFound = 'n',
  kInvalid = 'i',
  kConflict = 'c',
  kError = 'e'
};

std::string report(Outcome outcome, int exit_code, const std::string& text) {
  return std::string(1, static_cast<char>(outcome)) + std::to_string(exit_code) + "\n" + text;
}

[[noreturn]] void rethrow(const std::string& reported) {
  auto newline = reported.find('\n');
  if (reported.size() < 2 || newline == std::string::npos) {
    throw Error("the copy's process sent a report that cannot be read: " + reported);
  }
  int code = std::stoi(reported.substr(1, newline - 1));
  std::string message = reported.substr(newline + 1);
  switch (static_cast<Outcome>(reported[0])) {
    case Outcome::kNotFound:
      throw NotFoundError(message, code);
    case Outcome::kInvalid:
      throw InvalidArgumentError(message, code);
    case Outcome::kConflict:
      throw ConflictError(message, code);
    default:
      throw Error(message, code);
  }
}

}  // namespace

const MountRequest* mount_holding(const std::vector<MountRequest>& mounts, std::string_view path) {
  std::string clean = clean_absolute_path(path);
  const MountRequest* holding = nullptr;
  size_t depth = 0;
  for (const auto& m : mounts) {
    std::string d = clean_absolute_path(m.destination);
    bool holds = clean == d || d == "/" || clean.starts_with(d + "/");
    if (holds && (!holding || path_depth(d) >= depth)) {
      holding = &m;
      depth = path_depth(d);
    }
  }
  return holding;
}

uint64_t with_mounts_in_place(const std::filesystem::path& rootfs,
                              const std::vector<MountRequest>& host_mounts,
                              const std::function<uint64_t()>& work) {
  bool any = std::any_of(host_mounts.begin(), host_mounts.end(),
                         [](const auto& m) { return m.type == "bind"; });
  if (!any) return work();
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw_errno("pipe");
  UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    read_end.reset();
    std::string result;
    try {
      mount_in_place(rootfs, host_mounts);
      result = report(Outcome::kDone, 0, std::to_string(work()));
    } catch (const NotFoundError& e) {
      result = report(Outcome::kNotFound, e.exit_code(), e.what());
    } catch (const InvalidArgumentError& e) {
      result = report(Outcome::kInvalid, e.exit_code(), e.what());
    } catch (const ConflictError& e) {
      result = report(Outcome::kConflict, e.exit_code(), e.what());
    } catch (const Error& e) {
      result = report(Outcome::kError, e.exit_code(), e.what());
    } catch (const std::exception& e) {
      result = report(Outcome::kError, 1, e.what());
    }
    // _exit: the parent's state (its database, its locks) is the parent's to close.
    ssize_t ignored = ::write(write_end.get(), result.data(), result.size());
    (void)ignored;
    ::_exit(0);
  }
  write_end.reset();
  std::string reported;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n > 0) {
      reported.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (reported.empty()) {
    // Killed before it could say (a SIGPIPE from a closed `cp … -` reader, the OOM killer).
    throw Error(WIFSIGNALED(status)
                    ? "the copy was killed by signal " + std::to_string(WTERMSIG(status))
                    : "the copy ended with exit code " + std::to_string(WEXITSTATUS(status)) +
                          " before reporting");
  }
  if (reported[0] == static_cast<char>(Outcome::kDone)) {
    return std::stoull(reported.substr(reported.find('\n') + 1));
  }
  rethrow(reported);
}

}  // namespace berth::runtime
