#include <signal.h>

#include <random>
#include <set>
#include <thread>

#include "base/directory_change_wait.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/time_format.hpp"
#include "runtime/container_engine.hpp"
#include "runtime/container_etc_files.hpp"
#include "runtime/container_names.hpp"
#include "runtime/health_check.hpp"
#include "runtime/restart_policy.hpp"
#include "runtime/root_events.hpp"
#include "runtime/runtime_choice.hpp"
#include "runtime/secret_env.hpp"
#include "runtime/shim_client/shim_client.hpp"
#include "runtime/spec/container_config.hpp"
#include "store/file_lock.hpp"

// A container's lifecycle: create, start, stop, kill, wait, rm, and the cleanup the shim's exit
// command runs (where the restart policy brings a container back).
namespace berth::runtime {
namespace {

std::string random_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string id;
  for (int i = 0; i < 64; ++i) id.push_back("0123456789abcdef"[nibble(rd)]);
  return id;
}

}  // namespace

ContainerRecord ContainerEngine::create(const ContainerRequest& given) {
  ContainerRequest request = given;
  normalize_run_options(request);
  seal_secret_env(request, options_.root);  // before the request is recorded
  auto image = images_.resolve(request.image);
  ContainerRecord c;
  c.id = random_id();
  c.name = request.name.empty() ? generate_container_name() : request.name;
  if (!request.name.empty()) validate_container_name(request.name);
  c.image_id = image.id;
  c.image_name = request.image;
  c.request = to_json(request);
  c.created = rfc3339_now();
  c.state = ContainerState::kCreated;

  // Check what Docker checks at create time, before anything is written. Named volumes new to
  // the engine are made below, like anonymous ones: there is nothing to bind yet.
  ContainerRequest checked = request;
  std::erase_if(checked.mounts, [&](const MountRequest& m) {
    return m.type == "volume" && !m.source.empty() && !volumes_.find(m.source);
  });
  ContainerConfig cfg = container_config(c, checked, image.id);
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
  networks_.check_exist(request);

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

ContainerRecord ContainerEngine::start(const std::string& name_or_id, bool wait_attach,
                                       std::optional<ConsoleSize> console) {
  auto c = get(name_or_id);
  auto held = lock(c.id);
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
    networks_.release(c, request);
    mounter_->unmount(layout);
    std::error_code ec;
    std::filesystem::remove_all(run_dir, ec);
    containers_.mark_exited(c.id, code, rfc3339_now(), message);
    throw Error(message, code);
  };
  std::optional<HealthConfig> health;
  std::filesystem::path runtime_executable;
  try {
    runtime_executable = runtime(request.runtime).check_usable();
    mounter_->mount(layout, lowers, request.auto_remove);
    std::optional<network::ContainerNetworking> networking;
    std::filesystem::path joined_netns;
    if (uses_bridge_network(request)) {
      networking = networks_.connect(c, request, *image);
    } else if (request.network_mode.rfind("container:", 0) == 0) {
      auto other = get(request.network_mode.substr(10));
      if (!is_alive(other.state)) {
        throw ConflictError("cannot join network of a non running container: " + other.name, 125);
      }
      joined_netns = "/proc/" + std::to_string(other.pid) + "/ns/net";
    }
    write_container_etc_files(dir, c, request, networking ? &*networking : nullptr,
                              networks_.host_gateway(request, networking ? &*networking : nullptr));
    auto cfg = container_config(c, request, image->id);
    cfg.console_size = console;
    if (networking) {
      cfg.network_mode = "path";
      cfg.netns_path = networking->netns;
    } else if (!joined_netns.empty()) {
      cfg.network_mode = "path";
      cfg.netns_path = joined_netns;
    }
    // Inside the try: a failure here must undo the mount and the network too.
    health = effective_healthcheck(request, cfg.image_config);
    reset_health(dir, health);
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
  // The shim runs the runtime twice (run, then delete): a path spares it two $PATH searches.
  launch.runtime = runtime_executable.string();
  launch.runtime_root = runtime_state_root(options_.run_dir, request.runtime);
  launch.cgroups_path = cgroups_path(c.id);
  launch.tty = request.tty;
  launch.stdin_open = request.open_stdin;
  launch.stdin_once = request.stdin_once;
  launch.wait_attach = wait_attach;
  launch.log_max_size = request.log_max_size;
  launch.log_max_files = request.log_max_files;
  launch.exit_command = {
      options_.berth_path.string(), "--root", options_.root.string(), "container", "cleanup", c.id};
  // The shim is the healthcheck's timer: it runs `berth healthcheck run` at the interval.
  if (health) {
    launch.health_command = {
        options_.berth_path.string(), "--root", options_.root.string(), "healthcheck", "run", c.id};
    launch.health_interval = health->probe_interval();
    launch.health_start_period = health->probe_start_period();
    launch.health_start_interval = health->probe_start_interval();
  }
  ShimStarted started;
  try {
    started = supervisor_->launch(launch);
  } catch (const Error& e) {
    std::string message = std::string("OCI runtime create failed: ") + e.what();
    fail(message, start_failure_exit_code(message));
  }
  containers_.mark_running(c.id, started.container_pid, started.shim_pid, rfc3339_now());
  return get(c.id);
}

void ContainerEngine::mark_manually_stopped(const std::string& id) {
  write_file_atomic(container_dir(id) / "stopped-by-user", "");
}

bool ContainerEngine::stopped_by_user(const std::string& id) const {
  std::error_code ec;
  return std::filesystem::exists(container_dir(id) / "stopped-by-user", ec);
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
  // The shim renames the exit file into the container's directory, and a restart writes a new
  // pid file there: entries added are what can change the state that `get` reconciles.
  DirectoryChangeWait change(container_dir(c.id), DirectoryChangeWait::kEntriesAdded,
                             {.poll_interval = std::chrono::milliseconds(2)});
  while (is_alive(c.state)) {
    change.wait();
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
  auto held = std::make_unique<store::FileLock>(lock(found->id));
  // The other cleanup (the shim's exit command, or a foreground --rm client) may have removed
  // the container while this one waited for the lock.
  found = containers_.find(id);
  if (!found) return;
  auto c = refresh(*found);
  if (is_alive(c.state)) return;
  auto request = request_from_json(c.request);
  if (should_restart(request.restart, c, stopped_by_user(c.id))) {
    // This process is the shim's exit command, detached from any CLI: it is the supervisor
    // that brings the container back, after the back-off (restart_policy.hpp).
    held.reset();  // start() takes the container lock itself
    std::this_thread::sleep_for(restart_delay(c));
    if (should_restart(request.restart, get(c.id), stopped_by_user(c.id))) {
      // Counted once the new run started, so "exited" with the final count is the end state.
      start(c.id);
      containers_.set_restart_count(c.id, c.restart_count + 1);
      return;
    }
  }
  networks_.release(c, request);
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
  auto held = lock(c.id);
  networks_.release(c, request_from_json(c.request));
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
