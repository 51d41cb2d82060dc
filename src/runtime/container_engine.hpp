#pragma once
// The container engine over the stores, the runtime spec generator and the shim: what
// `create`, `start`, `stop`, `kill`, `wait`, `rm` do (container_lifecycle.cpp), with the
// networks (container_networks.hpp) and the restart policy (restart_policy.hpp) in rooms of
// their own; shared by the CLI and the engine library. State is always reconciled with the shim's
// exit file when read, so a container whose CLI was killed, or whose shim died, is reported
// truthfully.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "image/image_store.hpp"
#include "network/network_manager.hpp"
#include "runtime/container_networks.hpp"
#include "runtime/container_request.hpp"
#include "runtime/container_store.hpp"
#include "runtime/container_supervisor.hpp"
#include "runtime/oci_runtime.hpp"
#include "runtime/rootfs.hpp"
#include "runtime/rootfs_mounter.hpp"
#include "store/file_lock.hpp"
#include "volume/volume_store.hpp"

namespace berth::runtime {

struct ExecRequest {
  std::vector<std::string> command;
  std::vector<std::string> env;
  std::string user;
  std::string workdir;
  bool tty = false;
  bool interactive = false;
  bool detach = false;
};

struct EngineOptions {
  std::filesystem::path root;                    // berth's --root
  std::filesystem::path run_dir = "/run/berth";  // sockets, runc state
  std::filesystem::path shim_path;               // berth-shim
  std::filesystem::path berth_path;              // this binary, for the shim's exit command
  // The OCI runtime called NAME (runc, crun, youki); unset: RuntimeCli over the binary.
  std::function<std::shared_ptr<OciRuntime>(const std::string& name)> make_runtime;
  // Unset: the real ones (berth-shim, overlayfs). Tests give fakes.
  std::shared_ptr<ContainerSupervisor> supervisor;
  std::shared_ptr<RootfsMounter> mounter;
};

class ContainerEngine {
 public:
  // The network manager is reached through `networks` on first use only: containers without
  // a bridge network never open it.
  using NetworkProvider = ContainerNetworks::Provider;
  ContainerEngine(EngineOptions options, image::ImageStore& images, ContainerStore& containers,
                  volume::VolumeStore& volumes, NetworkProvider networks = {});

  // Validates the request (image, name, command, user) and records a container; nothing is
  // left behind when it fails.
  ContainerRecord create(const ContainerRequest& request);
  // Mounts the rootfs, writes the spec and launches the shim. No-op when already running.
  // wait_attach: the container's process starts only once a client attached (foreground -i/-t),
  // so the first bytes it writes are not missed.
  // console: the attaching terminal's size, for a tty container.
  ContainerRecord start(const std::string& name_or_id, bool wait_attach = false,
                        std::optional<ConsoleSize> console = std::nullopt);
  // Sends `signal` (name or number; default the container's stop signal), waits `timeout`
  // seconds, then SIGKILL. Returns the refreshed record.
  ContainerRecord stop(const std::string& name_or_id, std::optional<int> timeout);
  void kill(const std::string& name_or_id, const std::string& signal);
  // Blocks until the container is not running; returns its exit code.
  int wait(const std::string& name_or_id);
  // Removes a container (force: kill it first). Throws ConflictError if running and !force.
  // remove_volumes: also its anonymous volumes (rm -v; --rm does this too).
  void remove(const std::string& name_or_id, bool force, bool remove_volumes = false);
  // Names of the containers whose mounts use a volume.
  std::vector<std::string> volume_users(const std::string& volume_name);
  // After the container's process exited: record the exit, unmount, remove the run dir, and
  // remove the container if it was created with --rm. Idempotent; the shim runs it.
  void cleanup(const std::string& id);
  // Held by a foreground `run --rm` from before the start until it has read the exit code:
  // meanwhile cleanup() leaves the container for that client to remove, so the shim's exit
  // command cannot take the exit code away from it on a loaded machine.
  store::FileLock hold_for_foreground_client(const std::string& id);

  // Runs a process in a running container (`runc exec`) with this process's stdio unless
  // detached; returns its exit code (127/126 when it cannot be started).
  int exec(const std::string& name_or_id, const ExecRequest& request);
  // The same with stdout and stderr captured together (the first output_limit bytes) and the
  // process killed after `timeout`: a healthcheck probe (health_check.hpp).
  CapturedExecResult exec_captured(const std::string& name_or_id, const ExecRequest& request,
                                   std::chrono::nanoseconds timeout, size_t output_limit);
  // network connect/disconnect: recorded in the request (so later starts keep it) and, for a
  // running container, applied at once.
  void connect_network(const std::string& name_or_id, const network::EndpointRequest& endpoint);
  void disconnect_network(const std::string& name_or_id, const std::string& network, bool force);
  // The networks and published ports of a running container (inspect, ps, port).
  std::vector<network::Attachment> network_attachments(const ContainerRecord& c);
  std::vector<network::PortBinding> published_ports(const ContainerRecord& c);
  void pause(const std::string& name_or_id);
  void unpause(const std::string& name_or_id);
  // The PIDs (host view) of the container's processes.
  std::vector<int> pids(const std::string& name_or_id);

  // Runs `f` with the container's rootfs mounted (mounting it for the call when the container
  // is not running), e.g. for `cp`.
  void with_rootfs(const std::string& name_or_id,
                   const std::function<void(const std::filesystem::path& rootfs,
                                            const ContainerRequest& request)>& f);

  // The container's overlay dirs, on a capped filesystem with `--storage-opt size=`.
  RootfsLayout rootfs_layout(const ContainerRecord& c) const;
  // Runs `f` with the container's writable layer (the overlay's upper dir) readable: a capped
  // one is mounted for the call when the container is not running. For diff and commit.
  void with_writable_layer(const ContainerRecord& c,
                           const std::function<void(const std::filesystem::path& upper)>& f);
  // The writable layer's bytes as Docker counts them (SizeRw: `ps -s`, `inspect -s`,
  // `system df`); walks the whole layer.
  std::uint64_t writable_layer_size(const ContainerRecord& c);

  // The container's healthcheck: its request's over its image's HEALTHCHECK (Docker's merge);
  // nullopt when it has none or it is disabled. See health_check.hpp.
  std::optional<HealthConfig> healthcheck(const ContainerRecord& c);
  // The image's config (Env, Shell, Healthcheck, …); an empty object once the image is gone.
  Json image_runtime_config(const ContainerRecord& c);
  // The request's mounts as the runtime gets them: volumes as binds of their directories.
  std::vector<MountRequest> host_mounts(const ContainerRequest& r);

  ContainerRecord get(const std::string& name_or_id);
  std::vector<ContainerRecord> list();

  std::filesystem::path container_dir(const std::string& id) const;
  std::filesystem::path log_path(const std::string& id) const;
  std::filesystem::path exit_file(const std::string& id) const;
  std::filesystem::path attach_socket(const std::string& id) const;
  // The process the container runs, as `inspect` shows it (Path + Args).
  std::vector<std::string> process_args(const ContainerRecord& c);

 private:
  // Writes the process.json of an exec into `scratch` (the container must be running).
  std::filesystem::path exec_process_file(const ContainerRecord& c, const ExecRequest& request,
                                          const TempDir& scratch);
  // Reads: the record reconciled with the shim's exit file (container_engine.cpp).
  ContainerRecord refresh(ContainerRecord c);
  ContainerConfig container_config(const ContainerRecord& c, const ContainerRequest& r,
                                   const Digest& image_id);
  // The runtime a container's request names, made on first use.
  OciRuntime& runtime(const std::string& name);
  // The container's lock, held while its state changes.
  store::FileLock lock(const std::string& id) const;
  static std::string cgroups_path(const std::string& id);
  // Docker's exit code for a process that could not start, from the runtime's message.
  static int start_failure_exit_code(const std::string& message);
  // An exec the runtime could not start, with Docker's exit code (127 not found, else 126).
  static Error exec_failure(const RuntimeError& e);
  // Lifecycle (container_lifecycle.cpp).
  void mark_manually_stopped(const std::string& id);
  bool stopped_by_user(const std::string& id) const;
  std::filesystem::path client_lock(const std::string& id) const;

  EngineOptions options_;
  image::ImageStore& images_;
  ContainerStore& containers_;
  volume::VolumeStore& volumes_;
  ContainerNetworks networks_;
  std::map<std::string, std::shared_ptr<OciRuntime>> runtimes_;
  std::shared_ptr<ContainerSupervisor> supervisor_;
  std::shared_ptr<RootfsMounter> mounter_;
};

// The healthcheck a container with `request` over an image with `image_config` (its runtime
// config) runs: the request's fields over the image's HEALTHCHECK; nullopt for none.
std::optional<HealthConfig> effective_healthcheck(const ContainerRequest& request,
                                                  const Json& image_config);

// Parses a signal given as a name ("TERM", "SIGKILL") or number; throws InvalidArgumentError.
int parse_signal(const std::string& text);

}  // namespace berth::runtime
