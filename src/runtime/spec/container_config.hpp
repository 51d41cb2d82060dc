#pragma once
// What a container is made from: the image config plus the user's flags, turned into the
// process to run (ProcessPlan) and the OCI runtime-spec config.json that runc executes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace berth::runtime {

struct MountRequest {  // from -v, --mount, --tmpfs (parsed by the CLI)
  std::string type;    // "bind" | "tmpfs"
  std::string source;  // host path for bind; empty for tmpfs
  std::string destination;
  bool read_only = false;
  std::vector<std::string> options;  // tmpfs "size=64m"; bind propagation
};

struct ResourceLimits {
  std::optional<int64_t> memory_bytes;       // --memory
  std::optional<int64_t> memory_swap_bytes;  // --memory-swap: memory + swap, -1 = unlimited
  std::optional<double> cpus;                // --cpus
  std::optional<uint64_t> cpu_shares;        // --cpu-shares
  std::optional<int64_t> pids_limit;         // --pids-limit, <= 0 unlimited
};

struct ContainerConfig {
  std::string id;
  std::filesystem::path rootfs;                        // the mounted merged dir
  Json image_config;                                   // the image config's "config" object
  std::optional<std::vector<std::string>> entrypoint;  // --entrypoint ({} clears)
  std::vector<std::string> command;
  std::vector<std::string> env;  // "K=V"
  std::string user;
  std::string workdir;
  std::string hostname;
  bool tty = false;
  bool read_only = false;
  std::optional<std::filesystem::path> init_binary;  // --init: catatonit or tini
  std::vector<MountRequest> mounts;
  std::filesystem::path hosts_file, hostname_file, resolv_conf_file;
  std::string network_mode = "none";  // none | host
  ResourceLimits limits;
  std::string cgroups_path;
  std::filesystem::path seccomp_profile = "/usr/share/containers/seccomp.json";
  std::map<std::string, std::string> annotations;
};

struct ProcessPlan {
  std::vector<std::string> argv;
  uint32_t uid = 0, gid = 0;
  std::vector<uint32_t> additional_gids;
  std::vector<std::string> env;
  std::string cwd = "/";
};

struct HostLimits {
  std::map<std::string, uint64_t> hard_rlimits;  // "RLIMIT_NOFILE" -> current hard limit
};

// Resolves argv (Docker's ENTRYPOINT/CMD rules), user and groups (from the image's
// /etc/passwd and /etc/group, read inside the rootfs), env and cwd. Errors use Docker's words.
ProcessPlan plan_process(const ContainerConfig& c);
Json make_runtime_spec(const ContainerConfig& c, const ProcessPlan& plan, const HostLimits& host);
HostLimits read_host_limits();
// Docker's --env-file: KEY=VALUE taken literally, bare KEY kept for the caller to resolve,
// '#' comments and blank lines skipped; bad names error with file and line.
std::vector<std::string> parse_env_file(const std::string& text, const std::string& path);
// Docker's RAMInBytes: "512", "64k", "10m", "1.5g" (binary units).
int64_t parse_memory_size(std::string_view text);

}  // namespace berth::runtime
