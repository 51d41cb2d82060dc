#pragma once
// The flags `create` and `run` share, and their translation into a ContainerRequest with
// Docker's validation and messages.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands/health_flags.hpp"
#include "runtime/container_request.hpp"

namespace berth::cli {

struct ContainerFlags {
  std::string image;
  std::vector<std::string> command;
  std::string name;
  std::vector<std::string> env;
  std::vector<std::string> env_files;
  std::vector<std::string> volumes;
  std::vector<std::string> mounts;
  std::vector<std::string> tmpfs;
  std::string workdir;
  std::string user;
  std::string entrypoint;
  bool entrypoint_set = false;
  std::string hostname;
  std::string memory;
  std::string memory_swap;
  double cpus = 0;
  int64_t cpu_shares = 0;
  int64_t pids_limit = 0;
  bool read_only = false;
  bool init = false;
  bool interactive = false;
  bool tty = false;
  bool auto_remove = false;
  std::string restart = "no";
  std::string stop_signal;
  int stop_timeout = -1;
  std::vector<std::string> labels;
  std::string cidfile;
  std::string network = "bridge";
  std::vector<std::string> network_aliases;
  std::string ip;
  std::vector<std::string> publish;
  bool publish_all = false;
  std::string runtime;  // empty: default_runtime_name()
  std::vector<std::string> log_opts;
  std::vector<std::string> storage_opts;
  std::string pull = "missing";  // always | missing | never
  HealthFlags health;
  // Docker's HostConfig options (admin-only; Spaces never set them).
  std::vector<std::string> cap_add, cap_drop, ulimits, add_hosts, dns, dns_search, dns_options;
  std::string shm_size;
};

void add_container_flags(CLI::App* cmd, ContainerFlags& flags);
// Throws InvalidArgumentError (exit 125) naming the bad flag value.
runtime::ContainerRequest make_request(const ContainerFlags& flags);

}  // namespace berth::cli
