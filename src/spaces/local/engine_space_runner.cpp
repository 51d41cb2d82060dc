#include "spaces/local/engine_space_runner.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <sstream>

#include "base/child_io.hpp"
#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "runtime/runtime_choice.hpp"
#include "runtime/secret_env.hpp"
#include "runtime/shim_client/shim_client.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::spaces {

namespace {

constexpr const char* kSpaceLabel = "berth.space";

}  // namespace

runtime::ContainerRequest EngineSpaceRunner::container_request(const SpaceRunRequest& request) {
  runtime::ContainerRequest r;
  r.image = request.image;
  r.name = request.instance_name;
  r.user = "1000";
  r.network_mode = request.network;
  r.networks.push_back({request.network, {}, ""});
  r.labels[kSpaceLabel] = request.space_id;
  if (request.cpus > 0) r.limits.cpus = request.cpus;
  if (request.memory_bytes > 0) r.limits.memory_bytes = request.memory_bytes;
  if (request.pids_limit > 0) r.limits.pids_limit = request.pids_limit;
  if (request.disk_bytes > 0) r.storage_opt["size"] = std::to_string(request.disk_bytes);
  r.log_max_size = runtime::parse_memory_size(kSpaceLogMaxSize);
  r.log_max_files = kSpaceLogMaxFiles;
  if (request.data_dir)
    r.mounts.push_back({"bind", request.data_dir->string(), "/data", false, {}});
  for (const auto& [key, value] : request.env) r.env.push_back(key + "=" + value);
  // Secrets are named in berth.secret_env: the engine seals their values before the request
  // is recorded (runtime/secret_env.hpp), so they never sit in berth.db in plain text.
  std::string secret_names;
  for (const auto& [key, value] : request.secrets) {
    r.env.push_back(key + "=" + value);
    secret_names += (secret_names.empty() ? "" : ",") + key;
  }
  if (!secret_names.empty()) r.labels[std::string(runtime::kSecretEnvLabel)] = secret_names;
  r.runtime = runtime::default_runtime_name();
  return r;
}

void EngineSpaceRunner::start(const SpaceRunRequest& request) {
  engine::Engine engine(config_);
  auto& lifecycle = engine.lifecycle();
  auto created = with_context("starting " + request.instance_name,
                              [&] { return lifecycle.create(container_request(request)); });
  try {
    lifecycle.start(created.id);
  } catch (const Error& e) {
    // A container that never ran is not left for the next deploy to trip over.
    try {
      lifecycle.remove(created.id, true, true);
    } catch (const Error& cleanup) {
      throw Error("starting " + request.instance_name + ": " + e.what() +
                  " (and removing it: " + cleanup.what() + ")");
    }
    throw Error("starting " + request.instance_name + ": " + e.what());
  }
}

void EngineSpaceRunner::remove(const std::string& instance_name) {
  liveness_.forget(instance_name);
  engine::Engine engine(config_);
  try {
    engine.lifecycle().remove(instance_name, true, true);
  } catch (const NotFoundError&) {
    // Already gone: what remove promises.
  }
}

// On the thread's engine: a wake thaws on a thread that does nothing else, and an engine
// opened per call would cost more than the thaw.
void EngineSpaceRunner::freeze(const std::string& instance_name) {
  engine_of_this_thread().lifecycle().pause(instance_name);
}

void EngineSpaceRunner::thaw(const std::string& instance_name) {
  engine_of_this_thread().lifecycle().unpause(instance_name);
}

std::vector<SpaceInstance> EngineSpaceRunner::list_instances() {
  engine::Engine engine(config_);
  std::vector<SpaceInstance> instances;
  for (const auto& c : engine.containers().list()) {
    auto labels = c.request.find("labels");
    if (labels == c.request.end() || !labels->is_object()) continue;
    auto space = labels->find(kSpaceLabel);
    if (space == labels->end() || !space->is_string()) continue;
    instances.push_back({space->get<std::string>(), c.name});
  }
  return instances;
}

engine::Engine& EngineSpaceRunner::engine_of_this_thread() {
  // An Engine is one thread's (its database connection and the stores over it). The server's
  // sweep asks for every Space's status from one thread, every 30 s: opening the database and
  // checking its schemas once per thread instead of once per question is most of an idle
  // server's work. Keyed by the runner's serial, never reused.
  thread_local std::map<std::uint64_t, std::unique_ptr<engine::Engine>> engines;
  auto& engine = engines[serial_];
  if (!engine) engine = std::make_unique<engine::Engine>(config_);
  return *engine;
}

std::uint64_t EngineSpaceRunner::next_serial() {
  static std::atomic<std::uint64_t> serial{0};
  return ++serial;
}

InstanceStatus EngineSpaceRunner::status(const std::string& instance_name) {
  auto& lifecycle = engine_of_this_thread().lifecycle();
  InstanceStatus status;
  runtime::ContainerRecord c;
  try {
    c = lifecycle.get(instance_name);
  } catch (const NotFoundError&) {
    liveness_.forget(instance_name);
    return status;  // kMissing
  }
  status.exit_code = c.exit_code;
  switch (c.state) {
    case runtime::ContainerState::kRunning:
      status.state = InstanceStatus::State::kRunning;
      break;
    case runtime::ContainerState::kPaused:
      status.state = InstanceStatus::State::kPaused;
      break;
    case runtime::ContainerState::kCreated:
    case runtime::ContainerState::kExited:
      status.state = InstanceStatus::State::kExited;
      break;
  }
  if (runtime::is_alive(c.state)) {
    for (const auto& a : lifecycle.network_attachments(c)) {
      if (!a.ip.empty()) status.address = a.ip;
    }
    liveness_.watch(instance_name, static_cast<pid_t>(c.shim_pid), lifecycle.exit_file(c.id));
  } else {
    liveness_.forget(instance_name);
  }
  return status;
}

bool EngineSpaceRunner::alive(const std::string& instance_name) {
  if (auto known = liveness_.alive(instance_name); known && *known) return true;
  return SpaceRunner::alive(instance_name);  // the record, which also reconciles the exit
}

std::vector<std::string> EngineSpaceRunner::log_tail(const std::string& instance_name, int lines) {
  engine::Engine engine(config_);
  auto& lifecycle = engine.lifecycle();
  runtime::ContainerRecord c;
  try {
    c = lifecycle.get(instance_name);
  } catch (const NotFoundError&) {
    return {};
  }
  // print_logs writes to descriptors: both streams into one memory file, in the log's order.
  UniqueFd out = make_memfd("space-log-tail");
  runtime::LogOptions options;
  options.tail = static_cast<size_t>(std::max(lines, 0));
  runtime::print_logs(lifecycle.log_path(c.id), lifecycle.exit_file(c.id), options, out.get(),
                      out.get());
  std::string text = read_from_start(out.get(), "the log of " + instance_name);
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

std::optional<std::filesystem::path> EngineSpaceRunner::log_file(const std::string& instance_name) {
  engine::Engine engine(config_);
  try {
    auto c = engine.lifecycle().get(instance_name);
    return engine.lifecycle().log_path(c.id);
  } catch (const NotFoundError&) {
    return std::nullopt;
  }
}

void EngineSpaceRunner::ensure_network(const std::string& network, const std::string& space_id,
                                       bool host_access) {
  if (network_host_access(network).has_value()) return;  // it exists
  // Without host access a Space reaches neither the server's API nor other host services;
  // without private egress neither link-local (cloud metadata) nor private ranges.
  network::CreateOptions options;
  options.name = network;
  options.labels[kSpaceLabel] = space_id;
  options.options[network::kHostAccessOption] = host_access ? "true" : "false";
  options.options[network::kPrivateEgressOption] = allow_private_egress_ ? "true" : "false";
  engine::Engine engine(config_);
  try {
    engine.networks().create(options);
  } catch (const ConflictError&) {
    // Another deploy made it in between.
    if (!network_host_access(network).has_value()) throw;
  }
}

std::optional<bool> EngineSpaceRunner::network_host_access(const std::string& network) {
  engine::Engine engine(config_);
  try {
    auto n = engine.networks().inspect(network);
    auto it = n.options.find(network::kHostAccessOption);
    return it == n.options.end() || it->second != "false";
  } catch (const NotFoundError&) {
    return std::nullopt;
  }
}

void EngineSpaceRunner::remove_network(const std::string& network) {
  engine::Engine engine(config_);
  try {
    engine.networks().remove(network);
  } catch (const NotFoundError&) {
    // Already gone.
  }
}

}  // namespace berth::spaces
