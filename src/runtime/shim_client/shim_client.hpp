#pragma once
// The CLI's side of the shim: launching it, reading the exit record it writes, attaching to a
// running container, and reading the json-file log it keeps.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "base/time_format.hpp"
#include "runtime/console_size.hpp"
#include "runtime/shim_client/detach_keys.hpp"

namespace berth::runtime {

struct ShimLaunch {
  std::string shim_path;
  std::string id;
  std::filesystem::path bundle, log_path, exit_file, pid_file, attach_socket;
  std::string runtime = "runc";
  std::filesystem::path runtime_root;
  std::string cgroups_path;  // lets the shim tell an OOM kill
  bool tty = false, stdin_open = false;
  bool stdin_once = false;  // a client's stdin ending ends the container's (ShimOptions)
  // The container starts only once a client attached (or after 10 s): for foreground -i/-t.
  bool wait_attach = false;
  int64_t log_max_size = -1;
  int log_max_files = 1;
  std::vector<std::string> exit_command;
  // Run every health_interval while the container runs (health_start_interval during the
  // start period until it first succeeds); empty: no healthcheck.
  std::vector<std::string> health_command;
  std::chrono::nanoseconds health_interval{0}, health_start_period{0}, health_start_interval{0};
};

struct ShimStarted {
  pid_t container_pid = 0;
  pid_t shim_pid = 0;
};

// Spawns the shim and waits until the container runs; throws berth::Error with the
// runtime's message (e.g. `exec: "x": executable file not found in $PATH`) when it cannot.
ShimStarted launch_shim(const ShimLaunch& launch);

struct ExitRecord {
  int exit_code = 0;
  std::string finished_at;
  bool oom_killed = false;
};
std::optional<ExitRecord> read_exit_file(const std::filesystem::path& path);

// The terminal's size (rows, columns), if fd is a terminal that knows it.
std::optional<ConsoleSize> terminal_size(int fd);

struct AttachOptions {
  bool tty = false;
  // -1: the client brings no stdin (the shim is told so; its leaving ends nothing).
  int stdin_fd = -1, stdout_fd = 1, stderr_fd = 2;
  // The container's stdin ends when stdin_fd does (Docker's StdinOnce, a foreground `run -i`);
  // otherwise the attach itself ends there, as Docker's does.
  bool stdin_once = false;
  // Typed on a tty's stdin, they end the attach and leave the container running
  // (detach_keys.hpp; empty: none). Without a tty every byte is the container's, as in Docker.
  std::string detach_keys{kDefaultDetachKeys};
};
struct AttachResult {
  bool detached = false;     // the detach keys were typed
  bool stdin_ended = false;  // stdin ended and the container's stdin stays open
};
// Copies the container's output to stdout_fd/stderr_fd (Docker's stdcopy frames, raw in tty
// mode) and stdin_fd to the container, until the shim closes the connection (the container
// exited), the detach keys are typed or stdin ends (unless stdin_once). In tty mode the local
// terminal is put in raw mode and its size follows the local one.
AttachResult attach(const std::filesystem::path& socket, const AttachOptions& options);

struct LogOptions {
  bool follow = false;
  std::optional<size_t> tail;
  std::optional<TimePoint> since, until;
  bool timestamps = false;
};
// Prints the log (rotated files first); with follow, keeps printing until the exit file
// appears and the log has been read to its end, or the container's directory is removed.
void print_logs(const std::filesystem::path& log_path, const std::filesystem::path& exit_file,
                const LogOptions& options, int stdout_fd, int stderr_fd);
// Appends the complete lines `in` holds past its position to `lines`; a partial last line
// waits in `partial` for the writer to finish it (also compose's log printer).
void read_complete_lines(std::ifstream& in, std::string& partial, std::vector<std::string>& lines);

}  // namespace berth::runtime
