#include "runtime/container_engine.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "base/child_process.hpp"
#include "base/directory_size.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/time_format.hpp"
#include "runtime/container_supervisor.hpp"
#include "runtime/rootfs.hpp"
#include "runtime/rootfs_mounter.hpp"
#include "runtime/runtime_choice.hpp"
#include "runtime/runtime_cli.hpp"
#include "runtime/secret_env.hpp"
#include "runtime/shim_client/shim_client.hpp"
#include "runtime/spec/container_config.hpp"

// What reads and inspects containers, the runtime spec of one, and what runs in a running one
// (exec, pause, pids, cp). Creating, starting and ending them is container_lifecycle.cpp.
namespace berth::runtime {

int parse_signal(const std::string& text) {
  std::string s = text;
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.rfind("SIG", 0) == 0) s = s.substr(3);
  if (!s.empty() && std::all_of(s.begin(), s.end(), ::isdigit)) {
    int n = std::stoi(s);
    if (n > 0 && n < 65) return n;
  }
  static const std::map<std::string, int> kSignals = {
      {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT},   {"KILL", SIGKILL},
      {"TERM", SIGTERM}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},   {"STOP", SIGSTOP},
      {"CONT", SIGCONT}, {"ALRM", SIGALRM}, {"WINCH", SIGWINCH}, {"PIPE", SIGPIPE},
      {"ABRT", SIGABRT}, {"CHLD", SIGCHLD}};
  if (auto it = kSignals.find(s); it != kSignals.end()) return it->second;
  throw InvalidArgumentError("invalid signal: " + text);
}

ContainerEngine::ContainerEngine(EngineOptions options, image::ImageStore& images,
                                 ContainerStore& containers, volume::VolumeStore& volumes,
                                 NetworkProvider networks)
    : options_(std::move(options)),
      images_(images),
      containers_(containers),
      volumes_(volumes),
      networks_(std::move(networks), images),
      supervisor_(options_.supervisor ? options_.supervisor : std::make_shared<ShimSupervisor>()),
      mounter_(options_.mounter ? options_.mounter : std::make_shared<OverlayMounter>()) {}

std::string ContainerEngine::cgroups_path(const std::string& id) {
  // Every container's cgroup sits under /berth, so one rmdir check shows nothing is left.
  return "/berth/" + id;
}

store::FileLock ContainerEngine::lock(const std::string& id) const {
  ensure_directory(options_.root / "locks", 0700);
  return store::FileLock(options_.root / "locks" / ("container-" + id + ".lock"),
                         store::FileLock::Mode::kExclusive);
}

int ContainerEngine::start_failure_exit_code(const std::string& message) {
  // Docker's exit codes when the process cannot start: 127 not found, 126 not executable.
  if (message.find("executable file not found") != std::string::npos ||
      message.find("no such file or directory") != std::string::npos) {
    return 127;
  }
  if (message.find("permission denied") != std::string::npos) return 126;
  return 125;
}

std::vector<std::string> ContainerEngine::volume_users(const std::string& volume_name) {
  std::vector<std::string> out;
  for (const auto& c : containers_.list()) {
    for (const auto& m : request_from_json(c.request).mounts) {
      if (m.type == "volume" && m.source == volume_name) {
        out.push_back(c.name);
        break;
      }
    }
  }
  return out;
}

std::filesystem::path ContainerEngine::container_dir(const std::string& id) const {
  return options_.root / "containers" / id;
}
std::filesystem::path ContainerEngine::log_path(const std::string& id) const {
  return container_dir(id) / "log.json";
}
std::filesystem::path ContainerEngine::exit_file(const std::string& id) const {
  return container_dir(id) / "exit";
}
std::filesystem::path ContainerEngine::attach_socket(const std::string& id) const {
  // Unix socket paths are limited to 108 bytes, so sockets live under the short run dir.
  return options_.run_dir / id / "attach.sock";
}

Json ContainerEngine::image_runtime_config(const ContainerRecord& c) {
  auto image = images_.find(c.image_id);
  return image ? images_.config(*image).runtime_config() : Json::object();
}

std::optional<HealthConfig> ContainerEngine::healthcheck(const ContainerRecord& c) {
  return effective_healthcheck(request_from_json(c.request), image_runtime_config(c));
}

std::optional<HealthConfig> effective_healthcheck(const ContainerRequest& request,
                                                  const Json& image_config) {
  std::optional<HealthConfig> image_check;
  if (image_config.contains("Healthcheck") && image_config["Healthcheck"].is_object()) {
    image_check = health_config_from_json(image_config["Healthcheck"]);
  }
  return merge_health_config(request.healthcheck, image_check);
}

std::vector<MountRequest> ContainerEngine::host_mounts(const ContainerRequest& r) {
  std::vector<MountRequest> mounts;
  for (auto m : r.mounts) {
    if (m.type == "volume") {
      // Anonymous volumes get their name in create(); before that there is nothing to bind.
      if (m.source.empty()) continue;
      m.source = volumes_.get(m.source).mountpoint.string();
      m.type = "bind";
    }
    mounts.push_back(m);
  }
  return mounts;
}

ContainerConfig ContainerEngine::container_config(const ContainerRecord& c,
                                                  const ContainerRequest& r,
                                                  const Digest& image_id) {
  ContainerConfig cfg;
  cfg.id = c.id;
  cfg.rootfs = RootfsLayout::in(container_dir(c.id)).merged;  // the same with or without a cap
  cfg.image_config = images_.config(image_id).runtime_config();
  cfg.entrypoint = r.entrypoint;
  cfg.command = r.command;
  cfg.env = r.env;
  for (auto& entry : open_secret_env(r, options_.root)) cfg.env.push_back(std::move(entry));
  cfg.user = r.user;
  cfg.workdir = r.workdir;
  cfg.hostname = r.hostname;
  cfg.tty = r.tty;
  cfg.read_only = r.read_only;
  if (r.init) {
    for (const char* candidate : {"/usr/bin/catatonit", "/usr/bin/tini", "/usr/bin/tini-static"}) {
      if (::access(candidate, X_OK) == 0) {
        cfg.init_binary = candidate;
        break;
      }
    }
    if (!cfg.init_binary) {
      throw Error("--init needs catatonit or tini (apt-get install catatonit)", 125);
    }
  }
  cfg.mounts = host_mounts(r);
  cfg.hosts_file = container_dir(c.id) / "hosts";
  cfg.hostname_file = container_dir(c.id) / "hostname";
  cfg.resolv_conf_file = container_dir(c.id) / "resolv.conf";
  if (uses_bridge_network(r)) {
    cfg.network_mode = "path";
    cfg.netns_path = network::NetworkManager::netns_path(options_.run_dir, c.id);
  } else if (r.network_mode.rfind("container:", 0) == 0) {
    cfg.network_mode = "path";  // the other container's namespace, found at each start
  } else {
    cfg.network_mode = r.network_mode;
  }
  cfg.limits = r.limits;
  cfg.cap_add = r.cap_add;
  cfg.cap_drop = r.cap_drop;
  cfg.ulimits = r.ulimits;
  cfg.shm_size = r.shm_size;
  cfg.cgroups_path = cgroups_path(c.id);
  return cfg;
}

ContainerRecord ContainerEngine::refresh(ContainerRecord c) {
  if (!is_alive(c.state)) return c;
  if (auto exit = read_exit_file(exit_file(c.id))) {
    containers_.mark_exited(c.id, exit->exit_code, exit->finished_at, "", exit->oom_killed);
    c.state = ContainerState::kExited;
    c.oom_killed = exit->oom_killed;
    c.exit_code = exit->exit_code;
    c.finished_at = exit->finished_at;
    c.pid = 0;
    return c;
  }
  if (!supervisor_->shim_alive(c.shim_pid)) {
    // The exit file may have landed between the two checks.
    if (auto exit = read_exit_file(exit_file(c.id))) return refresh(c);
    // Nothing supervises the container any more: stop what is left of it, so no process,
    // runtime state or cgroup outlives the record.
    if (supervisor_->process_alive(c.pid)) supervisor_->signal(c.pid, SIGKILL);
    auto request = request_from_json(c.request);
    try {
      runtime(request.runtime).remove(c.id, /*force=*/true);
    } catch (const RuntimeError&) {
      // The runtime ran and could not delete its record of a dead container: nothing of the
      // container runs any more, and its next start uses a fresh runtime state.
    }
    // After a reboot nothing of its network is left on the host, but its leases and host
    // ports still are in the database.
    networks_.release(c, request);
    std::string error = "container shim exited unexpectedly; the container's exit code is unknown";
    containers_.mark_exited(c.id, 255, rfc3339_now(), error);
    c.state = ContainerState::kExited;
    c.exit_code = 255;
    c.error = error;
  }
  return c;
}

ContainerRecord ContainerEngine::get(const std::string& name_or_id) {
  return refresh(containers_.resolve(name_or_id));
}

std::vector<ContainerRecord> ContainerEngine::list() {
  std::vector<ContainerRecord> out;
  for (auto& c : containers_.list()) out.push_back(refresh(std::move(c)));
  return out;
}

std::vector<std::string> ContainerEngine::process_args(const ContainerRecord& c) {
  auto request = request_from_json(c.request);
  // Only the argv is needed: resolve_argv reads no files, so it works on an unmounted rootfs.
  try {
    return resolve_argv(container_config(c, request, c.image_id));
  } catch (const NotFoundError&) {
    return {};  // the image's config is gone
  }
}

OciRuntime& ContainerEngine::runtime(const std::string& name) {
  auto it = runtimes_.find(name);
  if (it == runtimes_.end()) {
    auto made = options_.make_runtime
                    ? options_.make_runtime(name)
                    : std::make_shared<RuntimeCli>(name, runtime_state_root(options_.run_dir, name),
                                                   options_.run_dir);
    it = runtimes_.emplace(name, std::move(made)).first;
  }
  return *it->second;
}

RootfsLayout ContainerEngine::rootfs_layout(const ContainerRecord& c) const {
  return RootfsLayout::in(container_dir(c.id), writable_layer_cap(request_from_json(c.request)));
}

void ContainerEngine::with_writable_layer(
    const ContainerRecord& c, const std::function<void(const std::filesystem::path&)>& f) {
  // A cleanup (the exit command of a container just stopped) must not unmount the capped
  // layer under the reader: both hold the container's lock.
  auto held = lock(c.id);
  auto layout = rootfs_layout(c);
  bool temporary = layout.capped && !is_mount_point(layout.capped->mount_point) &&
                   std::filesystem::exists(layout.capped->image);
  if (temporary) mount_capped(*layout.capped);
  try {
    f(layout.upper);
  } catch (...) {
    if (temporary) unmount_capped(layout.capped->mount_point);
    throw;
  }
  if (temporary) unmount_capped(layout.capped->mount_point);
}

std::uint64_t ContainerEngine::writable_layer_size(const ContainerRecord& c) {
  std::uint64_t size = 0;
  with_writable_layer(c, [&](const std::filesystem::path& upper) { size = directory_size(upper); });
  return size;
}

void ContainerEngine::with_rootfs(
    const std::string& name_or_id,
    const std::function<void(const std::filesystem::path&, const ContainerRequest&)>& f) {
  auto c = get(name_or_id);
  auto held = lock(c.id);
  auto request = request_from_json(c.request);
  auto layout = rootfs_layout(c);
  bool temporary = false;
  if (!mounter_->is_mounted(layout.merged)) {
    auto image = images_.find(c.image_id);
    if (!image) throw Error("the image of container " + c.name + " is gone");
    std::vector<std::filesystem::path> lowers;
    for (const auto& l : image->layers)
      lowers.push_back(images_.snapshots().path(l.layer.chain_id));
    mounter_->mount(layout, lowers, false);
    temporary = true;
  }
  try {
    f(layout.merged, request);
  } catch (...) {
    if (temporary) mounter_->unmount(layout);
    throw;
  }
  if (temporary) mounter_->unmount(layout);
}

std::filesystem::path ContainerEngine::exec_process_file(const ContainerRecord& c,
                                                         const ExecRequest& request,
                                                         const TempDir& scratch) {
  if (c.state == ContainerState::kPaused) {
    throw ConflictError("Container " + c.id + " is paused, unpause the container before exec", 126);
  }
  if (c.state != ContainerState::kRunning) {
    throw ConflictError("Container " + c.id + " is not running", 126);
  }
  if (request.command.empty()) throw InvalidArgumentError("exec requires at least 1 argument", 125);
  auto r = request_from_json(c.request);
  auto image = images_.find(c.image_id);
  if (!image) throw Error("the image of container " + c.name + " is gone", 125);
  // The exec'd process gets the container's environment and user, with the flags on top;
  // users are resolved inside the running container's rootfs.
  auto cfg = container_config(c, r, image->id);
  cfg.entrypoint = std::vector<std::string>{};
  cfg.command = request.command;
  cfg.init_binary.reset();
  if (!request.user.empty()) cfg.user = request.user;
  cfg.env.insert(cfg.env.end(), request.env.begin(), request.env.end());
  if (!request.workdir.empty()) cfg.workdir = request.workdir;
  cfg.tty = request.tty;
  auto plan = plan_process(cfg);
  Json spec = make_runtime_spec(cfg, plan, read_host_limits());
  auto process_file = scratch.path() / "process.json";
  write_file_atomic(process_file, spec["process"].dump(), 0600);
  return process_file;
}

Error ContainerEngine::exec_failure(const RuntimeError& e) {
  std::string message = std::string("OCI runtime exec failed: ") + e.what();
  int code = start_failure_exit_code(message);
  return Error(message, code == 125 ? 126 : code);
}

int ContainerEngine::exec(const std::string& name_or_id, const ExecRequest& request) {
  auto c = get(name_or_id);
  TempDir scratch(options_.run_dir, "exec-");
  ExecOptions exec;
  exec.process_json = exec_process_file(c, request, scratch);
  exec.tty = request.tty;
  exec.detach = request.detach;
  if (!request.detach) exec.stdio = {ChildSpec::kInherit, ChildSpec::kInherit, ChildSpec::kInherit};
  try {
    return runtime(request_from_json(c.request).runtime).exec(c.id, exec);
  } catch (const RuntimeError& e) {
    throw exec_failure(e);
  }
}

CapturedExecResult ContainerEngine::exec_captured(const std::string& name_or_id,
                                                  const ExecRequest& request,
                                                  std::chrono::nanoseconds timeout,
                                                  size_t output_limit) {
  auto c = get(name_or_id);
  TempDir scratch(options_.run_dir, "exec-");
  CapturedExecOptions exec;
  exec.process_json = exec_process_file(c, request, scratch);
  exec.timeout = timeout;
  exec.output_limit = output_limit;
  try {
    return runtime(request_from_json(c.request).runtime).exec_captured(c.id, exec);
  } catch (const RuntimeError& e) {
    throw exec_failure(e);
  }
}

void ContainerEngine::connect_network(const std::string& name_or_id,
                                      const network::EndpointRequest& endpoint) {
  auto c = get(name_or_id);
  auto held = lock(c.id);
  c = get(c.id);
  auto request = networks_.add_endpoint(c, request_from_json(c.request), endpoint);
  containers_.set_request(c.id, to_json(request).dump());
}

void ContainerEngine::disconnect_network(const std::string& name_or_id, const std::string& network,
                                         bool force) {
  auto c = get(name_or_id);
  auto held = lock(c.id);
  c = get(c.id);
  auto request = networks_.remove_endpoint(c, request_from_json(c.request), network, force);
  if (request) containers_.set_request(c.id, to_json(*request).dump());
}

std::vector<network::Attachment> ContainerEngine::network_attachments(const ContainerRecord& c) {
  return networks_.attachments(c);
}

std::vector<network::PortBinding> ContainerEngine::published_ports(const ContainerRecord& c) {
  return networks_.published_ports(c);
}

void ContainerEngine::pause(const std::string& name_or_id) {
  auto c = get(name_or_id);
  if (c.state == ContainerState::kPaused) {
    throw ConflictError("Container " + c.id + " is already paused");
  }
  if (c.state != ContainerState::kRunning)
    throw ConflictError("Container " + c.id + " is not running");
  try {
    runtime(request_from_json(c.request).runtime).pause(c.id);
  } catch (const RuntimeError& e) {
    // Docker's wording, with the name the user knows rather than the runtime's ID.
    throw Error("cannot pause container " + c.name + ": " + e.reason());
  }
  containers_.set_state(c.id, ContainerState::kPaused);
}

void ContainerEngine::unpause(const std::string& name_or_id) {
  auto c = get(name_or_id);
  if (c.state != ContainerState::kPaused)
    throw ConflictError("Container " + c.id + " is not paused");
  try {
    runtime(request_from_json(c.request).runtime).resume(c.id);
  } catch (const RuntimeError& e) {
    // Docker's wording, with the name the user knows rather than the runtime's ID.
    throw Error("cannot unpause container " + c.name + ": " + e.reason());
  }
  containers_.set_state(c.id, ContainerState::kRunning);
}

std::vector<int> ContainerEngine::pids(const std::string& name_or_id) {
  auto c = get(name_or_id);
  if (!is_alive(c.state)) throw ConflictError("Container " + c.id + " is not running");
  // Every process of the container is in its pid namespace: compare with the init's.
  auto ns_of = [](int pid) -> std::string {
    std::error_code ec;
    auto link = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/ns/pid", ec);
    return ec ? "" : link.string();
  };
  std::string ns = ns_of(static_cast<int>(c.pid));
  std::vector<int> out;
  if (ns.empty()) return out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    int pid = std::stoi(name);
    if (ns_of(pid) == ns) out.push_back(pid);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace berth::runtime
