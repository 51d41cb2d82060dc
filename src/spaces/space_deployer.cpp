#include "spaces/space_deployer.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <thread>

#include "base/capped_filesystem.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/deploy_error.hpp"
#include "spaces/dormancy.hpp"
#include "spaces/health_probe.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/hub_values.hpp"
#include "spaces/readme_header.hpp"
#include "spaces/repo_file.hpp"
#include "spaces/space_log.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::pair<std::string, std::string> split_id(const std::string& space_id) {
  auto slash = space_id.find('/');
  return {space_id.substr(0, slash), space_id.substr(slash + 1)};
}

// A container name unique per start: the old instance still runs while the new one starts.
// Named after the Space's unique host label, with '.' (which no label holds) between the
// parts, so no two Spaces' names can meet; the berth.space label keeps the Space's id.
std::string instance_name(const SpaceRecord& space, const std::string& commit) {
  static std::atomic<unsigned> counter{0};
  return "space-" + space.subdomain + "." + commit.substr(0, 7) + "." + std::to_string(::getpid()) +
         "." + std::to_string(++counter);
}

// The settings a deploy records for restarts and server restarts.
DeployedSettings deployed_settings(const SpaceConfig& config) {
  return {.app_port = config.app_port,
          .title = config.title.value_or(""),
          .startup_timeout = config.startup_duration_timeout};
}

SpaceCard card_of(const SpaceConfig& config) {
  return {config.title.value_or(""), config.emoji.value_or(""), config.color_from.value_or(""),
          config.color_to.value_or(""), config.short_description.value_or("")};
}

// The serving commit's config, as much of it as its deploy recorded; the defaults before one.
SpaceConfig running_config(const SpaceRecord& space) {
  return space.deployed ? space.deployed->config() : SpaceConfig{};
}

}  // namespace

std::string SpaceDeployer::new_instance_name(const SpaceRecord& space,
                                             const std::string& commit) const {
  return instance_name(space, commit);
}

SpaceDeployer::SpaceDeployer(SpacesDatabase& db, ImageBuilder& builder, SpaceRunner& runner,
                             RouteTable& routes, DeployerOptions options)
    : db_(db), builder_(builder), runner_(runner), routes_(routes), options_(std::move(options)) {}

fs::path SpaceDeployer::space_dir(const std::string& space_id) const {
  auto [owner, name] = split_id(space_id);
  return options_.spaces_dir / owner / name;
}

fs::path SpaceDeployer::build_log_path(const std::string& space_id) const {
  return space_dir(space_id) / "build.log";
}

std::string SpaceDeployer::host_of(const std::string& space_id) const {
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  return host_of(space);
}

std::string SpaceDeployer::host_of(const SpaceRecord& space) const {
  return space.subdomain + "." + lowercase(options_.domain);
}

std::string SpaceDeployer::network_of(const SpaceRecord& space) const {
  // The host label is unique, so no other Space's name gives this network's.
  return "space-" + space.subdomain;
}

std::mutex& SpaceDeployer::lock_for(const std::string& space_id) {
  std::lock_guard lock(locks_mutex_);
  auto& slot = locks_[lowercase(space_id)];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

void SpaceDeployer::deploy(const std::string& space_id, const std::string& commit,
                           const fs::path& source) {
  run_deploy(space_id, commit, [&] { return source; });
}

void SpaceDeployer::deploy(const std::string& space_id, const std::string& commit,
                           const SourceCheckout& checkout) {
  auto dir = space_dir(space_id) / ("checkout-" + commit);
  auto remove_dir = [&] {
    std::error_code ignored;  // a leftover scratch dir is replaced by the next deploy anyway
    fs::remove_all(dir, ignored);
  };
  run_deploy(space_id, commit, [&] {
    remove_dir();
    fs::create_directories(dir);
    try {
      checkout(dir);
    } catch (const std::exception& e) {
      throw DeployError{SpaceStage::kBuildError,
                        std::string("Checking out the commit failed: ") + e.what()};
    }
    return dir;
  });
  remove_dir();
}

void SpaceDeployer::run_deploy(const std::string& space_id, const std::string& commit,
                               const std::function<fs::path()>& source_of) {
  std::lock_guard space_lock(lock_for(space_id));
  // Only a restart brings a paused Space back: that restart deploys what was pushed meanwhile.
  if (db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id).stage; }) ==
      SpaceStage::kPaused) {
    // Said where the owner looks for what their push did: the build log.
    fs::create_directories(space_dir(space_id));
    SpaceLogWriter(build_log_path(space_id), {}, SpaceLogWriter::Mode::kAppend)
        .write("--> The Space is paused: commit " + commit +
               " is deployed when it is restarted (POST /api/spaces/{id}/restart)");
    return;
  }
  // Recorded before anything is built: a server killed during this deploy deploys the
  // commit again at its next start (recover) instead of forgetting the push.
  auto space = db_.with([&](SpaceStore& s, UserStore&) {
    auto resolved = s.resolve(space_id);
    s.set_last_modified_now(resolved.id);
    s.set_deploying(resolved.id, commit);
    return resolved;
  });
  struct DeployingMarker {
    SpacesDatabase& db;
    std::string id;
    ~DeployingMarker() {
      try {
        db.with([&](SpaceStore& s, UserStore&) {
          s.set_deploying(id, "");
          return 0;
        });
      } catch (const std::exception&) {
        // The Space was deleted meanwhile: nothing left to mark.
      }
    }
  } marker{db_, space.id};
  auto secrets = secrets_for(space);
  auto variables = variables_for(space);

  fs::create_directories(space_dir(space.id));
  SpaceLogWriter log(build_log_path(space.id), values_of(secrets));
  bool serving = routes_.find(space.id).has_value();
  auto set_stage = [&](SpaceStage stage, std::string_view message = "") {
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_stage(space.id, stage, message);
      return 0;
    });
  };
  // A failure while an old version serves keeps it serving, with the error shown.
  auto fail = [&](const DeployError& e) {
    log.write("--> " + std::string(to_string(e.stage)) + ": " + e.message);
    set_stage(serving ? SpaceStage::kRunning : e.stage, e.message);
  };
  set_stage(serving ? SpaceStage::kRunningBuilding : SpaceStage::kBuilding);
  log.write("--> Deploying commit " + commit);

  try {
    fs::path source = source_of();
    // The README header decides how the Space runs; no Dockerfile, nothing to build.
    SpaceConfig config;
    std::optional<std::string> readme;
    try {
      readme = read_repo_file(source, "README.md", kMaxReadmeBytes);
    } catch (const RepoFileError& e) {
      throw DeployError{SpaceStage::kConfigError, e.what()};
    }
    if (readme) {
      auto parsed = parse_readme_header(*readme);
      if (auto* error = std::get_if<HeaderError>(&parsed)) {
        throw DeployError{SpaceStage::kConfigError, error->message};
      }
      config = std::get<SpaceConfig>(parsed);
      for (const auto& key : unsupported_keys(config)) {
        log.write("--> README.md: " + key + " is not supported by Berth and is ignored");
      }
    }
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_card(space.id, card_of(config));
      return 0;
    });
    // The build reads the Dockerfile by its path: a link (to the host's files or not) is
    // refused here, before anything follows it.
    auto dockerfile = fs::symlink_status(source / "Dockerfile");
    if (fs::is_symlink(dockerfile)) {
      throw DeployError{SpaceStage::kConfigError,
                        "Dockerfile is a symbolic link: a Space's Dockerfile must be a regular "
                        "file in the repository's root"};
    }
    if (!fs::is_regular_file(dockerfile)) {
      throw DeployError{SpaceStage::kNoAppFile,
                        "No Dockerfile found in the repository's root: a Docker "
                        "Space needs one"};
    }
    // Refuse hardware this machine cannot give before spending a build on it.
    HardwareLimits hardware;
    try {
      hardware = resolve_hardware(space.hardware, options_.machine);
    } catch (const Error& e) {
      throw DeployError{SpaceStage::kConfigError, e.what()};
    }
    if (!hardware.note.empty()) log.write("--> " + hardware.note);

    SpaceBuildRequest build;
    build.space_id = space.id;
    build.context = source;
    build.tag = image_tag(space, commit);
    for (const auto& v : variables) build.build_args[v.key] = v.value;
    build.secrets = secrets;
    log.write("--> Building " + build.tag);
    std::string image_id;
    try {
      image_id = builder_.build(build, [&](std::string_view line) { log.write(line); });
    } catch (const BuildFailed& e) {
      throw DeployError{SpaceStage::kBuildError, std::string("Build failed: ") + e.what()};
    }

    set_stage(serving ? SpaceStage::kRunningAppStarting : SpaceStage::kAppStarting);
    auto old = routes_.find(space.id);
    std::string instance = instance_name(space, commit);
    Route route = start_instance(space, config, build.tag, instance, log,
                                 /*network_in_use=*/!space.current_container.empty());

    // The new instance answers: move the route, then retire the old one.
    routes_.set(space.id, route);
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_deployed(space.id, deployed_settings(config));
      s.set_current(space.id, commit, build.tag, instance);
      s.set_current_hardware(space.id, space.hardware);
      s.set_stage(space.id, SpaceStage::kRunning);
      return 0;
    });
    db_.with_deploys([&](SpaceStore&, DeployHistory& h) {
      return h.record(space.id, commit, build.tag, deployed_settings(config), DeployKind::kPush);
    });
    {
      std::lock_guard young(young_mutex_);  // watched for its first minute (probe_young_deploys)
      young_deploys_[lowercase(space.id)] = {Clock::now() + options_.rollback_window, 0};
    }
    log.write("--> Running at http://" + host_of(space));
    if (old) {
      retire(old->instance);  // its image stays while among the last keep_deploys
    } else if (!space.current_container.empty()) {
      retire(space.current_container);  // it slept, frozen: no request reaches it
    }
    release_old_images(space.id);
  } catch (const DeployError& e) {
    fail(e);
  } catch (const std::exception& e) {
    fail(DeployError{SpaceStage::kBuildError, std::string("Berth could not deploy: ") + e.what()});
  }
}

Route SpaceDeployer::start_instance(const SpaceRecord& space, const SpaceConfig& config,
                                    const std::string& image, const std::string& instance,
                                    SpaceLogWriter& log, bool network_in_use) {
  HardwareLimits hardware;
  try {
    hardware = resolve_hardware(space.hardware, options_.machine);
  } catch (const Error& e) {
    throw DeployError{SpaceStage::kConfigError, e.what()};
  }
  SpaceRunRequest run;
  run.space_id = space.id;
  run.image = image;
  run.instance_name = instance;
  run.network = network_of(space);
  run.cpus = hardware.cpus;
  run.memory_bytes = hardware.memory_bytes;
  run.pids_limit = kSpacePidsLimit;
  auto variables = variables_for(space);
  for (const auto& v : variables) run.env[v.key] = v.value;
  run.secrets = secrets_for(space);
  auto owner = db_.with([&](SpaceStore&, UserStore& u) { return u.find_user(space.owner); });
  run.env["SPACE_ID"] = space.id;
  run.env["SPACE_AUTHOR_NAME"] = space.owner;
  run.env["SPACE_REPO_NAME"] = space.name;
  run.env["SPACE_TITLE"] = config.title.value_or(space.name);
  run.env["SPACE_HOST"] = host_of(space);
  run.env["SPACE_CREATOR_USER_ID"] = owner ? owner->id : "";
  run.env["CPU_CORES"] = std::to_string(static_cast<int>(hardware.cpus));
  run.env["MEMORY"] = format_memory(hardware.memory_bytes);
  run.env["ACCELERATOR"] = hardware.accelerator;
  run.disk_bytes = hardware.disk_bytes;
  if (space.storage) {
    try {
      run.data_dir = mount_data(space);
    } catch (const Error& e) {
      throw DeployError{SpaceStage::kRuntimeError, "preparing /data: " + std::string(e.what())};
    }
    run.env["HF_HOME"] = "/data/.huggingface";
  }

  try {
    prepare_network(space, network_in_use, log);
  } catch (const DeployError&) {
    throw;
  } catch (const Error& e) {
    // A stage and a message for the Space, not an exception through restart().
    throw DeployError{SpaceStage::kRuntimeError,
                      "preparing the network " + run.network + ": " + e.what()};
  }
  log.write("--> Starting " + instance);
  runner_.start(run);

  auto deadline = Clock::now() + config.startup_duration_timeout;
  auto next_status_check = Clock::now();
  std::string address;
  for (;;) {
    // The container's state costs a process; the probe is a connect. Probe often, ask
    // the runner once a second whether the app died.
    if (Clock::now() >= next_status_check) {
      auto status = runner_.status(instance);
      if (status.state != InstanceStatus::State::kRunning) {
        auto tail = runner_.log_tail(instance, 20);
        runner_.remove(instance);
        std::string message = "The app exited with code " + std::to_string(status.exit_code);
        for (const auto& line : tail) message += "\n" + line;
        throw DeployError{SpaceStage::kRuntimeError, message};
      }
      address = status.address;
      next_status_check = Clock::now() + std::chrono::seconds(1);
    }
    auto port = static_cast<uint16_t>(config.app_port);
    if (!address.empty() && answers_http(address, port, std::chrono::milliseconds(500))) {
      return Route{address, port, instance};
    }
    if (Clock::now() >= deadline) {
      auto tail = runner_.log_tail(instance, 20);
      runner_.remove(instance);
      std::string message = "The app did not answer on port " + std::to_string(config.app_port) +
                            " within " + std::to_string(config.startup_duration_timeout.count()) +
                            " s (startup_duration_timeout)";
      for (const auto& line : tail) message += "\n" + line;
      throw DeployError{SpaceStage::kRuntimeError, message};
    }
    std::this_thread::sleep_for(options_.probe_interval);
  }
}

std::map<std::string, std::string> SpaceDeployer::secrets_for(const SpaceRecord& space) {
  return db_.with([&](SpaceStore& s, UserStore&) -> std::map<std::string, std::string> {
    if (space.preview_of.empty()) return s.secret_values(space.id);
    auto previewed = s.find(space.preview_of);
    if (!previewed || !previewed->previews_get_secrets) return {};
    return s.secret_values(previewed->id);
  });
}

Route SpaceDeployer::current_route(const SpaceRecord& space, const std::string& address) {
  return Route{address, static_cast<uint16_t>(running_config(space).app_port),
               space.current_container};
}

std::vector<std::string> SpaceDeployer::values_of(
    const std::map<std::string, std::string>& secrets) {
  std::vector<std::string> values;
  for (const auto& [key, value] : secrets) values.push_back(value);
  return values;
}

std::vector<SpaceVariable> SpaceDeployer::variables_for(const SpaceRecord& space) {
  return db_.with([&](SpaceStore& s, UserStore&) {
    return s.variables(space.preview_of.empty() ? space.id : space.preview_of);
  });
}

void SpaceDeployer::retire(const std::string& instance) {
  // Requests already on their way to the old instance finish first.
  std::this_thread::sleep_for(options_.drain_time);
  runner_.remove(instance);
}

void SpaceDeployer::drop_image(const std::string& tag) {
  try {
    builder_.remove_image(tag);
  } catch (const Error&) {
    // Still used (another Space built the same tree): the tag stays, nothing is lost.
  }
}

void SpaceDeployer::release_old_images(const std::string& space_id) {
  auto released = db_.with_deploys([&](SpaceStore&, DeployHistory& h) {
    return h.release_images_beyond(space_id, std::max<size_t>(1, options_.keep_deploys));
  });
  for (const auto& tag : released) drop_image(tag);
}

void SpaceDeployer::prepare_network(const SpaceRecord& space, bool network_in_use,
                                    SpaceLogWriter& log) {
  const std::string network = network_of(space);
  auto host_access = runner_.network_host_access(network);
  if (host_access && *host_access != space.host_access) {
    if (network_in_use) {
      log.write(std::string("--> Host access turns ") + (space.host_access ? "on" : "off") +
                " at the next restart: the running version holds the network");
    } else {
      runner_.remove_network(network);
      host_access.reset();
    }
  }
  if (!host_access) runner_.ensure_network(network, space.id, space.host_access);
}

void SpaceDeployer::restart(const std::string& space_id, bool resume_paused) {
  std::lock_guard space_lock(lock_for(space_id));
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  if (space.stage == SpaceStage::kPaused && !resume_paused) return;  // paused since it was asked
  if (space.current_image.empty()) {
    throw ConflictError("Space " + space.id + " has no deployed version to restart; push first");
  }
  auto config = running_config(space);
  SpaceLogWriter log(space_dir(space.id) / "restart.log", values_of(secrets_for(space)));
  // A restart starts clean: the old instance (and its writable layer) goes first.
  routes_.erase(space.id);
  if (!space.current_container.empty()) runner_.remove(space.current_container);
  db_.with([&](SpaceStore& s, UserStore&) {
    s.set_stage(space.id, SpaceStage::kAppStarting);
    return 0;
  });
  std::string instance = instance_name(space, space.current_commit);
  try {
    // The old instance is gone: the network can change.
    Route route = start_instance(space, config, space.current_image, instance, log,
                                 /*network_in_use=*/false);
    routes_.set(space.id, route);
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_current(space.id, space.current_commit, space.current_image, instance);
      s.set_current_hardware(space.id, space.hardware);
      s.set_stage(space.id, SpaceStage::kRunning);
      return 0;
    });
  } catch (const DeployError& e) {
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_current(space.id, space.current_commit, space.current_image, "");
      s.set_stage(space.id, e.stage, e.message);
      return 0;
    });
  }
}

void SpaceDeployer::pause(const std::string& space_id) {
  std::lock_guard space_lock(lock_for(space_id));
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  routes_.set_dormant(space.id, Dormancy::kPaused);
  if (!space.current_container.empty()) runner_.remove(space.current_container);
  db_.with([&](SpaceStore& s, UserStore&) {
    s.set_current(space.id, space.current_commit, space.current_image, "");
    s.set_stage(space.id, SpaceStage::kPaused);
    return 0;
  });
}

void SpaceDeployer::forget_build_cache(const std::string& space_id) {
  std::lock_guard space_lock(lock_for(space_id));
  builder_.forget_space(space_id);
}

void SpaceDeployer::tear_down(const std::string& space_id) {
  std::lock_guard space_lock(lock_for(space_id));
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  routes_.erase(space.id);
  if (!space.current_container.empty()) runner_.remove(space.current_container);
  if (!space.current_image.empty()) {
    try {
      builder_.remove_image(space.current_image);
    } catch (const Error&) {
      // Shared with another image name: dropping the tag is all that was ours to do.
    }
  }
  // The images kept for rollbacks go too, and the history that named them.
  auto kept = db_.with_deploys([&](SpaceStore&, DeployHistory& h) {
    auto images = h.kept_images(space.id);
    h.clear(space.id);
    return images;
  });
  for (const auto& tag : kept) {
    if (tag != space.current_image) drop_image(tag);
  }
  runner_.remove_network(network_of(space));
  builder_.forget_space(space.id);               // its build cache and cache mounts
  unmount_capped(space_dir(space.id) / "data");  // its container is gone: nothing holds it
}

fs::path SpaceDeployer::mount_data(const SpaceRecord& space) {
  CappedFilesystem data{.image = space_dir(space.id) / "data.img",
                        .mount_point = space_dir(space.id) / "data",
                        .size_bytes = storage_tier_bytes(*space.storage),
                        // The app runs as UID 1000 and must own its storage.
                        .owner_uid = 1000,
                        .owner_gid = 1000};
  mount_capped(data);  // what /data held before it was capped moves in
  return data.mount_point;
}

std::string SpaceDeployer::image_tag(const SpaceRecord& space, const std::string& commit) const {
  return lowercase("localhost/spaces/" + space.owner + "/" + space.name + ":" +
                   commit.substr(0, 12));
}

void SpaceDeployer::remove_deploy_leftovers(const SpaceRecord& space, const std::string& commit) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(space_dir(space.id), ec)) {
    if (!entry.path().filename().string().starts_with("checkout-")) continue;
    std::error_code ignored;  // what stays is replaced by the next deploy's scratch dir
    fs::remove_all(entry.path(), ignored);
  }
  std::string tag = image_tag(space, commit);
  if (tag == space.current_image) return;  // the same commit serves already: keep it
  if (db_.with_deploys(
          [&](SpaceStore&, DeployHistory& h) { return h.keeps_image(space.id, tag); })) {
    return;  // an earlier deploy of the same commit, kept for rollbacks
  }
  try {
    builder_.remove_image(tag);
  } catch (const Error&) {
    // Never tagged (killed before the build ended), or shared: nothing of this deploy's.
  }
}

std::vector<InterruptedDeploy> SpaceDeployer::recover() {
  auto spaces = db_.with([&](SpaceStore& s, UserStore&) { return s.list(); });
  remove_stray_instances(spaces);
  std::vector<InterruptedDeploy> interrupted;
  for (const auto& space : spaces) {
    if (!space.deploying_commit.empty()) {
      // The deploy goes again from the start; the old version, if any, serves meanwhile.
      remove_deploy_leftovers(space, space.deploying_commit);
      interrupted.push_back({space, space.deploying_commit});
    } else if (is_in_progress(space.stage) && space.current_container.empty() &&
               !space.current_image.empty()) {
      // A restart or a wake from sleep it was killed in: start the deployed version again.
      restart(space.id);
      continue;
    } else if (is_in_progress(space.stage) && space.current_container.empty()) {
      db_.with([&](SpaceStore& s, UserStore&) {
        s.set_stage(space.id, SpaceStage::kBuildError,
                    "The server restarted during this deploy; push again to deploy");
        return 0;
      });
      continue;
    }
    if (recover_dormant(space)) continue;
    if (space.current_container.empty()) continue;
    auto status = runner_.status(space.current_container);
    if (status.state == InstanceStatus::State::kRunning && !status.address.empty()) {
      routes_.set(space.id, current_route(space, status.address));
      if (space.stage != SpaceStage::kRunning) {
        db_.with([&](SpaceStore& s, UserStore&) {
          s.set_stage(space.id, SpaceStage::kRunning);
          return 0;
        });
      }
    } else if (space.stage == SpaceStage::kRunning || is_in_progress(space.stage)) {
      // Gone while no server watched (a reboot): start the deployed version again.
      restart(space.id);
    }
  }
  return interrupted;
}

bool SpaceDeployer::recover_dormant(const SpaceRecord& space) {
  auto dormancy = dormancy_of(space);
  if (!dormancy) return false;
  if (dormancy == Dormancy::kFrozen) {
    auto status = runner_.status(space.current_container);
    if (status.state == InstanceStatus::State::kPaused) {
      routes_.set_dormant(space.id, Dormancy::kFrozen);
      return true;
    }
    if (status.state == InstanceStatus::State::kRunning && !status.address.empty()) {
      // Thawed by a wake the previous server was killed in: it serves.
      routes_.set(space.id, current_route(space, status.address));
      db_.with([&](SpaceStore& s, UserStore&) {
        s.set_stage(space.id, SpaceStage::kRunning);
        return 0;
      });
      return true;
    }
    // Gone while frozen (a reboot): it sleeps on, stopped, and a visit starts it.
    runner_.remove(space.current_container);
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_current(space.id, space.current_commit, space.current_image, "");
      s.set_sleeping(space.id, SleepTier::kStopped, space.slept_at);
      return 0;
    });
    dormancy = Dormancy::kStopped;
  }
  routes_.set_dormant(space.id, *dormancy);
  return true;
}

void SpaceDeployer::remove_stray_instances(const std::vector<SpaceRecord>& spaces) {
  // Instances a server that died left behind: one started for a deploy whose route never
  // switched, an old one not yet retired after its drain, one of a Space deleted meanwhile.
  std::map<std::string, std::string> current;  // Space id (lowercase) → its container
  for (const auto& space : spaces) current[lowercase(space.id)] = space.current_container;
  for (const auto& instance : runner_.list_instances()) {
    auto it = current.find(lowercase(instance.space_id));
    if (it != current.end() && it->second == instance.name) continue;
    runner_.remove(instance.name);
  }
}

bool SpaceDeployer::check_instances() {
  bool all_checked = true;
  auto spaces = db_.with([&](SpaceStore& s, UserStore&) { return s.list(); });
  for (const auto& listed : spaces) {
    std::unique_lock space_lock(lock_for(listed.id), std::try_to_lock);
    if (!space_lock.owns_lock()) {  // a deploy is under way; it decides
      all_checked = false;
      continue;
    }
    // Read again under the lock: a wake, deploy or pause may have changed it since the list.
    auto fresh = db_.with([&](SpaceStore& s, UserStore&) { return s.find(listed.id); });
    if (!fresh) continue;
    const SpaceRecord& space = *fresh;
    if (auto dormancy = dormancy_of(space)) {
      // Paused or put to sleep by another process (`berth space pause`): no more traffic.
      if (routes_.dormancy(space.id) != dormancy) routes_.set_dormant(space.id, *dormancy);
      continue;
    }
    auto route = routes_.find(space.id);
    if (space.stage == SpaceStage::kRunning && !space.current_container.empty() &&
        (!route || route->instance != space.current_container)) {
      // Another process (`berth space restart`) moved the Space: the database decides.
      auto status = runner_.status(space.current_container);
      if (status.state == InstanceStatus::State::kRunning && !status.address.empty()) {
        routes_.set(space.id, current_route(space, status.address));
        continue;
      }
    }
    if (!route) continue;
    // Most sweeps find every instance alive: asked cheaply, the record only read for an exit.
    if (runner_.alive(route->instance)) continue;
    auto status = runner_.status(route->instance);
    if (status.state == InstanceStatus::State::kRunning ||
        status.state == InstanceStatus::State::kPaused) {
      continue;
    }
    routes_.erase(space.id);
    std::string message = "The app exited with code " + std::to_string(status.exit_code);
    for (const auto& line : runner_.log_tail(route->instance, 20)) message += "\n" + line;
    roll_back_or(space, route->instance, message, [this, id = space.id, message] {
      db_.with([&](SpaceStore& s, UserStore&) {
        s.set_stage(id, SpaceStage::kRuntimeError, message);
        return 0;
      });
    });
  }
  return all_checked;
}

std::optional<fs::path> SpaceDeployer::run_log_path(const std::string& space_id) {
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  if (space.current_container.empty()) return std::nullopt;
  return instance_log_path(space.current_container);
}

std::optional<fs::path> SpaceDeployer::instance_log_path(const std::string& instance) {
  return runner_.log_file(instance);
}

}  // namespace berth::spaces
