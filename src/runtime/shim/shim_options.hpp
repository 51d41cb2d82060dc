#pragma once
// The shim's command line (see shim_main.cpp), parsed without exceptions.
#include <string>
#include <vector>

namespace berth::runtime {

struct ShimOptions {
  std::string id, bundle, runtime = "runc", runtime_root;
  std::string cgroups_path;  // the spec's linux.cgroupsPath, to read OOM kills from
  std::string log_path, exit_file, pid_file, attach_socket;
  long long log_max_size = -1;
  int log_max_files = 1;
  bool tty = false, open_stdin = false, wait_attach = false;
  bool stdin_once = false;  // a client's stdin ending ends the container's (Docker's StdinOnce)
  int sync_fd = -1;
  std::vector<std::string> exit_command;
  // The healthcheck's command (`berth healthcheck run ID`) and its timing in nanoseconds.
  std::vector<std::string> health_command;
  long long health_interval_ns = 0, health_start_period_ns = 0, health_start_interval_ns = 0;
};

// Returns an empty string on success, else what is wrong.
std::string parse_shim_options(int argc, char** argv, ShimOptions& out);

}  // namespace berth::runtime
