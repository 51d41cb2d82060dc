#pragma once
// What a container is made from (the image config plus the user's flags), the process it will
// run (ProcessPlan, resolved as Docker resolves it) and the OCI runtime-spec config.json that
// the OCI runtime executes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "runtime/console_size.hpp"
#include "runtime/spec/kernel_version.hpp"
#include "runtime/spec/ulimit.hpp"

namespace berth::runtime {

struct MountRequest {       // from -v, --mount, --tmpfs (already parsed by the CLI)
  std::string type;         // "bind" | "tmpfs" (named volumes arrive as a bind of the volume dir)
  std::string source;       // host path for bind; empty for tmpfs
  std::string destination;  // absolute path in the container
  bool read_only = false;
  std::vector<std::string> options;  // tmpfs "size=64m", "mode=1777"; bind "rprivate", "nosuid"
};

// Docker's default --shm-size: 64 MiB.
inline constexpr int64_t kDefaultShmSize = 64 * 1024 * 1024;

struct ResourceLimits {
  std::optional<int64_t> memory_bytes;       // --memory
  std::optional<int64_t> memory_swap_bytes;  // --memory-swap: memory + swap, -1 = unlimited
  std::optional<double> cpus;                // --cpus: quota over a 100 ms period
  std::optional<uint64_t> cpu_shares;        // --cpu-shares
  std::optional<int64_t> pids_limit;         // --pids-limit, <= 0 = unlimited
};

struct ContainerConfig {
  std::string id;                // 64 hex
  std::filesystem::path rootfs;  // merged overlay dir, already mounted by the caller
  Json image_config;             // the image config's "config" object
  // --entrypoint: set = override, and the image's Cmd is dropped; {} (or {""}) clears it.
  std::optional<std::vector<std::string>> entrypoint;
  std::vector<std::string> command;  // args after the image name; replace the image's Cmd
  std::vector<std::string> env;      // -e / --env-file, "K=V"; a bare "K" unsets K
  std::string user;                  // -u: "", "name", "uid", "uid:gid", "name:group"
  std::string workdir;               // -w
  std::string hostname;              // empty = first 12 hex of the id
  bool tty = false;
  // The size of the user's terminal when a tty container starts attached: set in the spec, so
  // the process sees it from its first instruction (later changes go through the shim).
  std::optional<ConsoleSize> console_size;
  bool read_only = false;  // --read-only
  // --init: host path of catatonit/tini, bound read-only at /sbin/docker-init and made PID 1.
  std::optional<std::filesystem::path> init_binary;
  std::vector<MountRequest> mounts;
  // Host files bound at /etc/hosts, /etc/hostname, /etc/resolv.conf (skipped when empty).
  std::filesystem::path hosts_file, hostname_file, resolv_conf_file;
  // "none": a new, empty netns; "host": none of its own; "path": join netns_path (a bridge
  // network's namespace, or another container's /proc/PID/ns/net).
  std::string network_mode = "none";
  std::filesystem::path netns_path;
  ResourceLimits limits;
  std::string cgroups_path;  // e.g. "/berth/<id>"
  std::filesystem::path seccomp_profile = "/usr/share/containers/seccomp.json";  // empty = off
  std::string stop_signal;  // not part of the spec; kept for the caller
  std::map<std::string, std::string> annotations;
  // --cap-add / --cap-drop as given (runtime/spec/capabilities.hpp applies them), --ulimit
  // (replacing Berth's default nofile when named), --shm-size in bytes.
  std::vector<std::string> cap_add, cap_drop;
  Ulimits ulimits;
  int64_t shm_size = kDefaultShmSize;
};

// What the container will run, resolved exactly as Docker does; inspect shows argv as Path/Args.
struct ProcessPlan {
  std::vector<std::string> argv;  // Entrypoint + Cmd (without the --init wrapper)
  uint32_t uid = 0, gid = 0;
  // Groups of /etc/group that list the user; config.json puts gid before them, as Docker.
  std::vector<uint32_t> additional_gids;
  std::vector<std::string> env;
  std::string cwd = "/";
};

// What this host can give a container. read_host_limits() reads it; tests build it directly.
struct HostLimits {
  std::map<std::string, uint64_t> hard_rlimits;  // "RLIMIT_NOFILE" -> hard; UINT64_MAX = unlimited
  // This process's oom_score_adj: without CAP_SYS_RESOURCE the runtime cannot go below it.
  std::optional<int> oom_score_adj;
  bool swap_limit = true;  // memory+swap can be limited (v1 memsw files, or cgroup v2)
  bool cgroup2 = false;    // unified hierarchy: Docker gives each container a cgroup namespace
  unsigned cpus = 0;       // CPUs this process may use; 0 = unknown (no --cpus range check)
  std::optional<KernelVersion> kernel;
  // Docker sets these network sysctls only where the kernel has them (runc fails otherwise).
  bool has_ping_group_range = true;
  bool has_unprivileged_port_start = true;
  // /proc/sys/kernel/cap_last_cap: the highest capability "ALL" can give.
  int last_capability = 40;
  // CAP_SYS_RESOURCE in this process's effective set: without it, a --ulimit above the hard
  // limits above cannot be applied (checked up front rather than left to runc's EPERM).
  bool can_raise_rlimits = true;
};

// Entrypoint/Cmd combination only; reads no file (inspect uses it on unmounted containers).
// Throws InvalidArgumentError("no command specified", 125) when both are empty.
std::vector<std::string> resolve_argv(const ContainerConfig& c);

// argv, user and groups (from the image's /etc/passwd and /etc/group, read inside the rootfs),
// env and cwd. Errors carry Docker's wording and exit code 125.
ProcessPlan plan_process(const ContainerConfig& c);

// The whole config.json (ociVersion 1.0.2-dev) for runc, with Docker's defaults.
Json make_runtime_spec(const ContainerConfig& c, const ProcessPlan& plan, const HostLimits& host);

HostLimits read_host_limits();

// Docker's --env-file: KEY=VALUE taken literally, a bare KEY returned bare for the caller to
// resolve from its environment, '#' comments and blank lines skipped; bad names error with the
// file and line.
std::vector<std::string> parse_env_file(const std::string& text, const std::string& path);

// Docker's RAMInBytes: "512", "64k", "10m", "1.5g", "2GiB" (binary units b, k, m, g, t, p).
int64_t parse_memory_size(std::string_view text);

}  // namespace berth::runtime
