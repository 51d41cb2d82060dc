#include "fakes/spaces/fake_space_runner.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "base/json.hpp"

namespace berth::spaces {

FakeSpaceRunner::FakeSpaceRunner(Program program) : program_(std::move(program)) {}

void FakeSpaceRunner::start(const SpaceRunRequest& request) {
  if (instances.count(request.instance_name)) {
    throw ConflictError("the container name \"" + request.instance_name + "\" is already in use");
  }
  if (!network_access.count(request.network)) {
    throw NotFoundError("network " + request.network + " not found");
  }
  started.push_back(request);
  App app = program_ ? program_(request)
                     : App{{"Traceback: boom"}, !exits_at_start, exits_at_start ? 2 : 0};
  space_of[request.instance_name] = request.space_id;
  instances[request.instance_name] =
      app.runs ? InstanceStatus{InstanceStatus::State::kRunning, 0, address}
               : InstanceStatus{InstanceStatus::State::kExited, app.exit_code, ""};
  // Docker's json-file log, one object per line.
  std::string log;
  for (const auto& line : app.output) {
    log +=
        Json{{"log", line + "\n"}, {"stream", "stdout"}, {"time", "2024-01-01T00:00:00Z"}}.dump() +
        "\n";
  }
  write_file_atomic(log_path(request.instance_name), log, 0600);
  output_[request.instance_name] = std::move(app.output);
}

void FakeSpaceRunner::remove(const std::string& name) {
  removed.push_back(name);
  instances.erase(name);
  output_.erase(name);
  std::error_code ignored;
  std::filesystem::remove(log_path(name), ignored);
}

InstanceStatus FakeSpaceRunner::status(const std::string& name) {
  auto it = instances.find(name);
  return it == instances.end() ? InstanceStatus{} : it->second;
}

void FakeSpaceRunner::freeze(const std::string& name) {
  auto it = instances.find(name);
  if (it == instances.end()) throw NotFoundError("No such container: " + name);
  if (it->second.state != InstanceStatus::State::kRunning)
    throw ConflictError("Container " + name + " is not running");
  it->second.state = InstanceStatus::State::kPaused;
  frozen.push_back(name);
}

void FakeSpaceRunner::thaw(const std::string& name) {
  auto it = instances.find(name);
  if (it == instances.end()) throw NotFoundError("No such container: " + name);
  if (it->second.state != InstanceStatus::State::kPaused)
    throw ConflictError("Container " + name + " is not paused");
  it->second.state = InstanceStatus::State::kRunning;
  thawed.push_back(name);
}

std::vector<SpaceInstance> FakeSpaceRunner::list_instances() {
  std::vector<SpaceInstance> all;
  for (const auto& [name, status] : instances) all.push_back({space_of[name], name});
  return all;
}

std::vector<std::string> FakeSpaceRunner::log_tail(const std::string& name, int lines) {
  auto it = output_.find(name);
  if (it == output_.end() || lines <= 0) return {};
  const auto& output = it->second;
  auto first = output.size() > static_cast<size_t>(lines) ? output.end() - lines : output.begin();
  return {first, output.end()};
}

std::optional<std::filesystem::path> FakeSpaceRunner::log_file(const std::string& name) {
  if (!instances.count(name)) return std::nullopt;
  return log_path(name);
}

void FakeSpaceRunner::ensure_network(const std::string& network, const std::string&,
                                     bool host_access) {
  networks.push_back(network);
  network_access.emplace(network, host_access);  // an existing network is left as it is
}

std::optional<bool> FakeSpaceRunner::network_host_access(const std::string& network) {
  auto it = network_access.find(network);
  if (it == network_access.end()) return std::nullopt;
  return it->second;
}

void FakeSpaceRunner::remove_network(const std::string& network) {
  if (network_in_use) throw Error("network " + network + " has active endpoints");
  removed_networks.push_back(network);
  network_access.erase(network);
}

std::filesystem::path FakeSpaceRunner::log_path(const std::string& name) const {
  return logs_.path() / (name + "-json.log");
}

}  // namespace berth::spaces
