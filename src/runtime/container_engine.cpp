#include "runtime/container_engine.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "base/child_process.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "network/port_spec.hpp"
#include "network/resolv_conf.hpp"
#include "runtime/container_names.hpp"
#include "runtime/container_supervisor.hpp"
#include "runtime/root_events.hpp"
#include "runtime/rootfs.hpp"
#include "runtime/rootfs_mounter.hpp"
#include "runtime/runtime_choice.hpp"
#include "runtime/runtime_cli.hpp"
#include "runtime/secret_env.hpp"
#include "runtime/shim_client/shim_client.hpp"
#include "runtime/spec/container_config.hpp"
#include "store/file_lock.hpp"

namespace berth::runtime {
namespace {

// Every container's cgroup sits under /berth, so one rmdir check shows nothing is left.
std::string cgroups_path_of(const std::string& id) {
  return "/berth/" + id;
}

std::string random_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string id;
  for (int i = 0; i < 64; ++i) id.push_back("0123456789abcdef"[nibble(rd)]);
  return id;
}

std::string now_text() {
  return format_rfc3339_nano(std::chrono::system_clock::now());
}

// Docker's exit codes when the process cannot start: 127 not found, 126 not executable.
int start_failure_exit_code(const std::string& message) {
  if (message.find("executable file not found") != std::string::npos ||
      message.find("no such file or directory") != std::string::npos) {
    return 127;
  }
  if (message.find("permission denied") != std::string::npos) return 126;
  return 125;
}

store::FileLock lock_container(const std::filesystem::path& root, const std::string& id) {
  ensure_directory(root / "locks", 0700);
  return store::FileLock(root / "locks" / ("container-" + id + ".lock"),
                         store::FileLock::Mode::kExclusive);
}

}  // namespace

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
      networks_(std::move(networks)),
      supervisor_(options_.supervisor ? options_.supervisor : std::make_shared<ShimSupervisor>()),
      mounter_(options_.mounter ? options_.mounter : std::make_shared<OverlayMounter>()) {}

network::NetworkManager& ContainerEngine::networks() {
  if (!networks_) throw Error("bridge networks are not available to this engine", 125);
  return networks_();
}

network::ContainerNetworking ContainerEngine::connect_networks(const ContainerRecord& c,
                                                               const ContainerRequest& r,
                                                               const image::ImageRecord& image) {
  std::vector<network::PortBinding> ports = r.ports;
  if (r.publish_all) {
    auto exposed = images_.config(image.id).runtime_config().value("ExposedPorts", Json::object());
    std::vector<std::string> keys;
    for (const auto& [key, _] : exposed.items()) keys.push_back(key);
    auto all = network::exposed_ports_to_bindings(keys);
    for (const auto& b : all) {
      bool published = std::any_of(ports.begin(), ports.end(), [&](const auto& p) {
        return p.container_port == b.container_port && p.protocol == b.protocol;
      });
      if (!published) ports.push_back(b);
    }
  }
  auto endpoints = r.networks;
  if (endpoints.empty()) endpoints.push_back({r.network_mode, {}, ""});
  return networks().connect_container(c.id, c.name, endpoints, ports);
}

void ContainerEngine::release_networks(const ContainerRecord& c, const ContainerRequest& r) {
  if (uses_bridge_network(r)) networks().disconnect_container(c.id);
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
  cfg.mounts.clear();
  for (auto m : r.mounts) {
    if (m.type == "volume") {
      // Anonymous volumes get their name in create(); before that there is nothing to bind.
      if (m.source.empty()) continue;
      m.source = volumes_.get(m.source).mountpoint.string();
      m.type = "bind";
    }
    cfg.mounts.push_back(m);
  }
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
  cfg.cgroups_path = cgroups_path_of(c.id);
  return cfg;
}

void ContainerEngine::write_etc_files(const ContainerRecord& c, const ContainerRequest& r,
                                      const network::ContainerNetworking* networking) {
  auto dir = container_dir(c.id);
  std::string hostname = r.hostname;
  if (hostname.empty()) {
    if (r.network_mode == "host") {
      char buf[256] = {};
      ::gethostname(buf, sizeof buf - 1);
      hostname = buf;
    } else {
      hostname = c.id.substr(0, 12);
    }
  }
  write_file_replace(dir / "hostname", hostname + "\n");
  std::string hosts;
  if (r.network_mode == "host") {
    try {
      hosts = read_file("/etc/hosts");
    } catch (const Error&) {
    }
  } else {
    hosts =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
        "ff02::2\tip6-allrouters\n";
    // Docker adds the container's own address under its hostname.
    if (networking && !networking->attachments.empty()) {
      hosts += networking->attachments.front().ip + "\t" + hostname + "\n";
    }
  }
  write_file_replace(dir / "hosts", hosts);
  std::string host_resolv;
  try {
    host_resolv = read_file("/etc/resolv.conf");
  } catch (const Error&) {
  }
  write_file_replace(dir / "resolv.conf", network::container_resolv_conf(networking, host_resolv));
}

ContainerRecord ContainerEngine::create(const ContainerRequest& given) {
  ContainerRequest request = given;
  seal_secret_env(request, options_.root);  // before the request is recorded
  auto image = images_.resolve(request.image);
  ContainerRecord c;
  c.id = random_id();
  c.name = request.name.empty() ? generate_container_name() : request.name;
  if (!request.name.empty()) validate_container_name(request.name);
  c.image_id = image.id;
  c.image_name = request.image;
  c.request = to_json(request);
  c.created = now_text();
  c.state = ContainerState::kCreated;

  // Check what Docker checks at create time, before anything is written.
  ContainerConfig cfg = container_config(c, request, image.id);
  Json image_cfg = cfg.image_config;
  bool has_command = !request.command.empty() ||
                     (request.entrypoint && !request.entrypoint->empty()) ||
                     (!request.entrypoint && image_cfg.contains("Entrypoint") &&
                      image_cfg["Entrypoint"].is_array() && !image_cfg["Entrypoint"].empty()) ||
                     (!request.entrypoint && image_cfg.contains("Cmd") &&
                      image_cfg["Cmd"].is_array() && !image_cfg["Cmd"].empty());
  if (!has_command) throw InvalidArgumentError("no command specified", 125);
  writable_layer_cap(request);  // refuses an unknown --storage-opt or a bad size
  // Docker refuses an unknown network at create, before anything is recorded.
  if (uses_bridge_network(request)) {
    for (const auto& e : request.networks) networks().inspect(e.network);
  }

  // Volumes: named ones are created on first use; anonymous ones (-v /path, and the image's
  // VOLUME paths not otherwise mounted) get a generated name recorded in the request.
  ContainerRequest resolved = request;
  std::set<std::string> covered;
  for (const auto& m : resolved.mounts) covered.insert(m.destination);
  if (image_cfg.contains("Volumes") && image_cfg["Volumes"].is_object()) {
    for (const auto& [path, _] : image_cfg["Volumes"].items()) {
      if (!covered.count(path)) resolved.mounts.push_back({"volume", "", path, false, {}});
    }
  }
  std::vector<std::string> created_anonymous;
  for (auto& m : resolved.mounts) {
    if (m.type != "volume") continue;
    if (m.source.empty()) {
      m.source = volumes_.create("", {}, true).name;
      created_anonymous.push_back(m.source);
    } else {
      volumes_.create(m.source);
    }
  }
  c.request = to_json(resolved);
  auto drop_anonymous = [&] {
    for (const auto& v : created_anonymous) volumes_.remove(v);
  };

  auto dir = container_dir(c.id);
  ensure_directory(dir, 0700);
  // A generated name may collide with an existing one: pick another, then add a digit, as
  // Docker does.
  for (int attempt = 0;; ++attempt) {
    try {
      containers_.insert(c);
      return c;
    } catch (const ConflictError&) {
      if (!request.name.empty() || attempt >= 20) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        drop_anonymous();
        throw;
      }
      c.name = generate_container_name() + (attempt >= 5 ? std::to_string(attempt) : "");
    } catch (...) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      drop_anonymous();
      throw;
    }
  }
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
    release_networks(c, request);
    std::string error = "container shim exited unexpectedly; the container's exit code is unknown";
    containers_.mark_exited(c.id, 255, now_text(), error);
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

ContainerRecord ContainerEngine::start(const std::string& name_or_id, bool wait_attach,
                                       std::optional<ConsoleSize> console) {
  auto c = get(name_or_id);
  auto lock = lock_container(options_.root, c.id);
  c = get(c.id);
  if (is_alive(c.state)) return c;
  auto request = request_from_json(c.request);
  auto image = images_.find(c.image_id);
  if (!image) throw Error("the image of container " + c.name + " is gone", 125);

  auto dir = container_dir(c.id);
  auto layout = rootfs_layout(c);
  std::vector<std::filesystem::path> lowers;
  for (const auto& l : image->layers) lowers.push_back(images_.snapshots().path(l.layer.chain_id));
  auto run_dir = options_.run_dir / c.id;
  // A spec that holds secret values stays off the disk: on /run's tmpfs, gone at cleanup.
  auto bundle = request.sealed_env.empty() ? dir : run_dir / "bundle";
  auto fail = [&](const std::string& message, int code) {
    release_networks(c, request);
    mounter_->unmount(layout);
    std::error_code ec;
    std::filesystem::remove_all(run_dir, ec);
    containers_.mark_exited(c.id, code, now_text(), message);
    throw Error(message, code);
  };
  try {
    runtime(request.runtime).check_usable();
    mounter_->mount(layout, lowers, request.auto_remove);
    std::optional<network::ContainerNetworking> networking;
    std::filesystem::path joined_netns;
    if (uses_bridge_network(request)) {
      networking = connect_networks(c, request, *image);
    } else if (request.network_mode.rfind("container:", 0) == 0) {
      auto other = get(request.network_mode.substr(10));
      if (!is_alive(other.state)) {
        throw ConflictError("cannot join network of a non running container: " + other.name, 125);
      }
      joined_netns = "/proc/" + std::to_string(other.pid) + "/ns/net";
    }
    write_etc_files(c, request, networking ? &*networking : nullptr);
    auto cfg = container_config(c, request, image->id);
    cfg.console_size = console;
    if (networking) {
      cfg.network_mode = "path";
      cfg.netns_path = networking->netns;
    } else if (!joined_netns.empty()) {
      cfg.network_mode = "path";
      cfg.netns_path = joined_netns;
    }
    auto plan = plan_process(cfg);
    Json spec = make_runtime_spec(cfg, plan, read_host_limits());
    if (bundle != dir) {
      ensure_directory(bundle, 0700);
      std::error_code ignored;  // one an older berth wrote there
      std::filesystem::remove(dir / "config.json", ignored);
    }
    write_file_replace(bundle / "config.json", spec.dump(), 0600);
  } catch (const Error& e) {
    fail(e.what(), e.exit_code() == 1 ? 125 : e.exit_code());
  }
  std::error_code ec;
  std::filesystem::remove(exit_file(c.id), ec);
  std::filesystem::remove(dir / "pid", ec);
  std::filesystem::remove(dir / "stopped-by-user", ec);
  ensure_directory(run_dir, 0700);

  ShimLaunch launch;
  launch.shim_path = options_.shim_path.string();
  launch.id = c.id;
  launch.bundle = bundle;
  launch.log_path = log_path(c.id);
  launch.exit_file = exit_file(c.id);
  launch.pid_file = dir / "pid";
  launch.attach_socket = attach_socket(c.id);
  launch.runtime = request.runtime;
  launch.runtime_root = runtime_state_root(options_.run_dir, request.runtime);
  launch.cgroups_path = cgroups_path_of(c.id);
  launch.tty = request.tty;
  launch.stdin_open = request.open_stdin;
  launch.wait_attach = wait_attach;
  launch.log_max_size = request.log_max_size;
  launch.log_max_files = request.log_max_files;
  launch.exit_command = {
      options_.berth_path.string(), "--root", options_.root.string(), "container", "cleanup", c.id};
  ShimStarted started;
  try {
    started = supervisor_->launch(launch);
  } catch (const Error& e) {
    std::string message = std::string("OCI runtime create failed: ") + e.what();
    fail(message, start_failure_exit_code(message));
  }
  containers_.mark_running(c.id, started.container_pid, started.shim_pid, now_text());
  return get(c.id);
}

void ContainerEngine::mark_manually_stopped(const std::string& id) {
  write_file_atomic(container_dir(id) / "stopped-by-user", "");
}

bool ContainerEngine::should_restart(const ContainerRecord& c, const ContainerRequest& r) {
  std::error_code ec;
  if (std::filesystem::exists(container_dir(c.id) / "stopped-by-user", ec)) return false;
  const auto& policy = r.restart;
  if (policy.name == "always" || policy.name == "unless-stopped") return true;
  if (policy.name == "on-failure") {
    return c.exit_code != 0 &&
           (policy.maximum_retry_count == 0 || c.restart_count < policy.maximum_retry_count);
  }
  return false;
}

void ContainerEngine::kill(const std::string& name_or_id, const std::string& signal_text) {
  auto c = get(name_or_id);
  if (c.state == ContainerState::kPaused) unpause(c.id);
  if (c.state != ContainerState::kRunning && c.state != ContainerState::kPaused) {
    throw ConflictError("Cannot kill container: " + name_or_id + ": Container " + c.id +
                        " is not running");
  }
  int sig = parse_signal(signal_text.empty() ? "KILL" : signal_text);
  // Like Docker, a container the user killed is not brought back by its restart policy.
  if (sig == SIGKILL || sig == SIGTERM || sig == SIGINT) mark_manually_stopped(c.id);
  // Signal the container's init directly: it is our process tree's, and this needs no runc
  // round trip. The pid is re-checked against the exit file to avoid hitting a reused pid.
  supervisor_->signal(c.pid, sig);
}

ContainerRecord ContainerEngine::stop(const std::string& name_or_id, std::optional<int> timeout) {
  auto c = get(name_or_id);
  // Marked even when not running: a restart may be pending in the back-off delay.
  mark_manually_stopped(c.id);
  if (!is_alive(c.state)) return c;
  if (c.state == ContainerState::kPaused) unpause(c.id);
  auto request = request_from_json(c.request);
  std::string signal = request.stop_signal;
  if (signal.empty()) {
    if (auto image = images_.find(c.image_id)) {
      signal = images_.config(*image).runtime_config().value("StopSignal", "");
    }
  }
  if (signal.empty()) signal = "TERM";
  int seconds = timeout.value_or(request.stop_timeout.value_or(10));
  supervisor_->signal(c.pid, parse_signal(signal));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline && is_alive(get(c.id).state)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (is_alive(get(c.id).state)) supervisor_->signal(c.pid, SIGKILL);
  wait(c.id);
  auto stopped = get(c.id);
  // Finish what the shim's exit command would do, so that when stop returns the rootfs is
  // unmounted (and an --rm container gone), whichever of the two runs first.
  cleanup(c.id);
  return stopped;
}

int ContainerEngine::wait(const std::string& name_or_id) {
  auto c = get(name_or_id);
  while (is_alive(c.state)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    c = get(c.id);
  }
  return c.exit_code;
}

std::filesystem::path ContainerEngine::client_lock(const std::string& id) const {
  return container_dir(id) / "client.lock";
}

store::FileLock ContainerEngine::hold_for_foreground_client(const std::string& id) {
  return store::FileLock(client_lock(id), store::FileLock::Mode::kShared);
}

void ContainerEngine::cleanup(const std::string& id) {
  auto found = containers_.find(id);
  if (!found) return;  // already removed (e.g. --rm raced with the exit command)
  // Whatever happens below, a server watching this root hears of the exit at once (a Space's
  // crashed app turns RUNTIME_ERROR within a second, without polling).
  struct AnnounceExit {
    const EngineOptions& options;
    std::string id;
    ~AnnounceExit() { announce(options.run_dir, options.root, "exit " + id); }
  } announce_exit{options_, found->id};
  auto lock = std::make_unique<store::FileLock>(lock_container(options_.root, found->id));
  // The other cleanup (the shim's exit command, or a foreground --rm client) may have removed
  // the container while this one waited for the lock.
  found = containers_.find(id);
  if (!found) return;
  auto c = refresh(*found);
  if (is_alive(c.state)) return;
  auto request = request_from_json(c.request);
  if (should_restart(c, request)) {
    // This process is the shim's exit command, detached from any CLI: it is the supervisor
    // that brings the container back, after Docker's doubling back-off (100 ms, capped at 1 min;
    // reset when the container had run for 10 s).
    auto started = parse_rfc3339(c.started_at);
    auto finished = parse_rfc3339(c.finished_at);
    int count = (started && finished && *finished - *started > std::chrono::seconds(10))
                    ? 0
                    : c.restart_count;
    auto delay = std::chrono::milliseconds(100) * (1LL << std::min(count, 10));
    lock.reset();  // start() takes the container lock itself
    std::this_thread::sleep_for(
        std::min<std::chrono::milliseconds>(delay, std::chrono::minutes(1)));
    if (should_restart(get(c.id), request)) {
      // Counted once the new run started, so "exited" with the final count is the end state.
      start(c.id);
      containers_.set_restart_count(c.id, c.restart_count + 1);
      return;
    }
  }
  release_networks(c, request);
  mounter_->unmount(rootfs_layout(c));
  std::error_code ec;
  std::filesystem::remove_all(options_.run_dir / c.id, ec);
  if (request.auto_remove) {
    // A foreground client still reading the exit code removes the container itself.
    if (!store::FileLock::try_acquire(client_lock(c.id), store::FileLock::Mode::kExclusive)) {
      return;
    }
    std::filesystem::remove_all(container_dir(c.id), ec);
    containers_.remove(c.id);
    // --rm takes the container's anonymous volumes with it, as in Docker.
    for (const auto& m : request.mounts) {
      if (m.type != "volume") continue;
      auto v = volumes_.find(m.source);
      if (v && v->anonymous && volume_users(m.source).empty()) volumes_.remove(m.source);
    }
  }
}

void ContainerEngine::remove(const std::string& name_or_id, bool force, bool remove_volumes) {
  auto c = get(name_or_id);
  if (is_alive(c.state)) {
    if (!force) {
      throw ConflictError("cannot remove container \"/" + c.name +
                          "\": container is running: stop the container before removing or "
                          "force remove");
    }
    if (c.state == ContainerState::kPaused) unpause(c.id);
    supervisor_->signal(c.pid, SIGKILL);
    wait(c.id);
  }
  // The shim finishes after recording the exit (runtime delete, exit command); wait for it so
  // that nothing of the container is still running when rm returns.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (supervisor_->shim_alive(c.shim_pid) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto lock = lock_container(options_.root, c.id);
  release_networks(c, request_from_json(c.request));
  mounter_->unmount(rootfs_layout(c));
  std::error_code ec;
  std::filesystem::remove_all(options_.run_dir / c.id, ec);
  std::filesystem::remove_all(container_dir(c.id), ec);
  if (ec) throw Error("remove " + container_dir(c.id).string() + ": " + ec.message());
  containers_.remove(c.id);
  if (remove_volumes) {
    for (const auto& m : request_from_json(c.request).mounts) {
      if (m.type != "volume") continue;
      auto v = volumes_.find(m.source);
      if (v && v->anonymous && volume_users(m.source).empty()) volumes_.remove(m.source);
    }
  }
}

}  // namespace berth::runtime

namespace berth::runtime {

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
  auto lock = lock_container(options_.root, c.id);
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

void ContainerEngine::with_rootfs(
    const std::string& name_or_id,
    const std::function<void(const std::filesystem::path&, const ContainerRequest&)>& f) {
  auto c = get(name_or_id);
  auto lock = lock_container(options_.root, c.id);
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

int ContainerEngine::exec(const std::string& name_or_id, const ExecRequest& request) {
  auto c = get(name_or_id);
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
  Json process = spec["process"];
  TempDir scratch(options_.run_dir, "exec-");
  auto process_file = scratch.path() / "process.json";
  write_file_atomic(process_file, process.dump(), 0600);
  ExecOptions exec;
  exec.process_json = process_file;
  exec.tty = request.tty;
  exec.detach = request.detach;
  if (!request.detach) exec.stdio = {ChildSpec::kInherit, ChildSpec::kInherit, ChildSpec::kInherit};
  try {
    return runtime(r.runtime).exec(c.id, exec);
  } catch (const RuntimeError& e) {
    std::string message = std::string("OCI runtime exec failed: ") + e.what();
    throw Error(message,
                start_failure_exit_code(message) == 125 ? 126 : start_failure_exit_code(message));
  }
}

void ContainerEngine::connect_network(const std::string& name_or_id,
                                      const network::EndpointRequest& endpoint) {
  auto c = get(name_or_id);
  auto lock = lock_container(options_.root, c.id);
  c = get(c.id);
  auto request = request_from_json(c.request);
  if (!uses_bridge_network(request)) {
    throw InvalidArgumentError(
        "container cannot be disconnected from host network or connected "
        "to host network");
  }
  auto n = networks().inspect(endpoint.network);
  for (const auto& e : request.networks) {
    if (networks().inspect(e.network).id == n.id) {
      throw ConflictError("endpoint with name " + c.name + " already exists in network " + n.name);
    }
  }
  if (is_alive(c.state)) networks().connect_running(c.id, c.name, endpoint, false);
  request.networks.push_back(endpoint);
  containers_.set_request(c.id, to_json(request).dump());
}

void ContainerEngine::disconnect_network(const std::string& name_or_id, const std::string& network,
                                         bool force) {
  auto c = get(name_or_id);
  auto lock = lock_container(options_.root, c.id);
  c = get(c.id);
  auto request = request_from_json(c.request);
  auto n = networks().inspect(network);
  auto it = std::find_if(request.networks.begin(), request.networks.end(),
                         [&](const auto& e) { return networks().inspect(e.network).id == n.id; });
  if (it == request.networks.end()) {
    if (force) return;
    throw ConflictError("container " + c.id + " is not connected to network " + n.name);
  }
  if (is_alive(c.state)) networks().disconnect_running(c.id, n);
  request.networks.erase(it);
  // A container on no network at all keeps an empty namespace, as Docker's does.
  if (request.networks.empty()) request.network_mode = "none";
  containers_.set_request(c.id, to_json(request).dump());
}

std::vector<network::Attachment> ContainerEngine::network_attachments(const ContainerRecord& c) {
  if (!is_alive(c.state) || !uses_bridge_network(request_from_json(c.request))) return {};
  return networks().attachments_of_container(c.id);
}

std::vector<network::PortBinding> ContainerEngine::published_ports(const ContainerRecord& c) {
  if (!is_alive(c.state) || !uses_bridge_network(request_from_json(c.request))) return {};
  return networks().ports_of_container(c.id);
}

void ContainerEngine::pause(const std::string& name_or_id) {
  auto c = get(name_or_id);
  if (c.state == ContainerState::kPaused) {
    throw ConflictError("Container " + c.id + " is already paused");
  }
  if (c.state != ContainerState::kRunning)
    throw ConflictError("Container " + c.id + " is not running");
  runtime(request_from_json(c.request).runtime).pause(c.id);
  containers_.set_state(c.id, ContainerState::kPaused);
}

void ContainerEngine::unpause(const std::string& name_or_id) {
  auto c = get(name_or_id);
  if (c.state != ContainerState::kPaused)
    throw ConflictError("Container " + c.id + " is not paused");
  runtime(request_from_json(c.request).runtime).resume(c.id);
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
