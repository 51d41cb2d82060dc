#include "fakes/compose/fake_project_backend.hpp"

#include "base/error.hpp"
#include "compose/orchestrator/compose_labels.hpp"
#include "compose/service_config.hpp"

namespace berth::compose::testing {

std::vector<std::string> FakeEngineState::calls(const std::string& prefix) {
  std::lock_guard lock(mutex);
  std::vector<std::string> found;
  for (const auto& call : journal) {
    if (call.rfind(prefix, 0) == 0) found.push_back(call);
  }
  return found;
}

std::vector<ObservedContainer> FakeEngineState::live() {
  std::lock_guard lock(mutex);
  std::map<std::string, ObservedContainer> by_name;
  for (const auto& [id, c] : containers) by_name[c.observed.name] = c.observed;
  std::vector<ObservedContainer> found;
  for (const auto& [name, c] : by_name) found.push_back(c);
  return found;
}

BackendFactory FakeProjectBackend::factory(std::shared_ptr<FakeEngineState> state) {
  return [state] { return std::make_unique<FakeProjectBackend>(state); };
}

FakeContainer& FakeProjectBackend::find(const std::string& name_or_id) {
  auto it = state_->containers.find(name_or_id);
  if (it != state_->containers.end()) return it->second;
  for (auto& [id, c] : state_->containers) {
    if (c.observed.name == name_or_id) return c;
  }
  throw NotFoundError("No such container: " + name_or_id);
}

std::vector<ObservedContainer> FakeProjectBackend::containers(const std::string& project) {
  std::lock_guard lock(state_->mutex);
  std::vector<ObservedContainer> found;
  for (const auto& [id, c] : state_->containers) {
    auto label = c.request.labels.find(kProjectLabel);
    if (label != c.request.labels.end() && label->second == project) found.push_back(c.observed);
  }
  return found;
}

ObservedContainer FakeProjectBackend::inspect(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  return find(id).observed;
}

std::string FakeProjectBackend::create(const runtime::ContainerRequest& request) {
  std::lock_guard lock(state_->mutex);
  for (const auto& [id, c] : state_->containers) {
    if (c.observed.name == request.name) {
      throw ConflictError("The container name \"/" + request.name + "\" is already in use", 125);
    }
  }
  for (const auto& [service, why] : state_->refuse_create) {
    auto label = request.labels.find(kServiceLabel);
    if (label != request.labels.end() && label->second == service) throw InvalidArgumentError(why);
  }
  auto image = state_->images.find(request.image);
  if (image == state_->images.end()) throw NotFoundError("No such image: " + request.image);
  FakeContainer c;
  c.request = request;
  // Anonymous volumes get names here, as the engine gives them.
  for (auto& m : c.request.mounts) {
    if (m.type == "volume" && m.source.empty()) {
      m.source = "anon" + std::to_string(state_->next_id);
      state_->volumes[m.source] = {m.source, {{"anonymous", "true"}}};
    }
  }
  c.observed.id = "id" + std::to_string(state_->next_id++);
  c.observed.name = request.name;
  auto label = [&](const char* key) {
    auto it = request.labels.find(key);
    return it == request.labels.end() ? std::string() : it->second;
  };
  c.observed.service = label(kServiceLabel);
  c.observed.number =
      label(kContainerNumberLabel).empty() ? 0 : std::stoi(label(kContainerNumberLabel));
  c.observed.config_hash = label(kConfigHashLabel);
  c.observed.oneoff = label(kOneoffLabel) == "True";
  c.observed.state = "created";
  c.observed.image = request.image;
  c.observed.image_id = image->second;
  auto health = state_->health_by_service.find(c.observed.service);
  if (health != state_->health_by_service.end()) c.health_answers = health->second;
  state_->journal.push_back("create " + request.name);
  std::string id = c.observed.id;
  state_->containers[id] = std::move(c);
  return id;
}

void FakeProjectBackend::start(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  state_->journal.push_back("start " + c.observed.name);
  auto exits = state_->exits_on_start.find(c.observed.service);
  if (exits != state_->exits_on_start.end()) {
    c.observed.state = "exited";
    c.observed.exit_code = exits->second;
  } else {
    c.observed.state = "running";
  }
}

void FakeProjectBackend::stop(const std::string& id, std::optional<int>) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  state_->journal.push_back("stop " + c.observed.name);
  c.observed.state = "exited";
}

void FakeProjectBackend::kill(const std::string& id, const std::string& signal) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  state_->journal.push_back("kill " + c.observed.name + " " + signal);
  c.observed.state = "exited";
  c.observed.exit_code = 137;
}

void FakeProjectBackend::remove(const std::string& id, bool force, bool anonymous_volumes) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  if (c.observed.running() && !force) {
    throw ConflictError("cannot remove container \"" + c.observed.name + "\": container is running",
                        1);
  }
  state_->journal.push_back("remove " + c.observed.name);
  if (anonymous_volumes) {
    for (const auto& m : c.request.mounts) {
      if (m.source.rfind("anon", 0) == 0) state_->volumes.erase(m.source);
    }
  }
  state_->containers.erase(c.observed.id);
}

void FakeProjectBackend::rename(const std::string& id, const std::string& new_name) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  state_->journal.push_back("rename " + c.observed.name + " " + new_name);
  c.observed.name = new_name;
}

void FakeProjectBackend::pause(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  state_->journal.push_back("pause " + c.observed.name);
  c.observed.state = "paused";
}

void FakeProjectBackend::unpause(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  state_->journal.push_back("unpause " + c.observed.name);
  c.observed.state = "running";
}

std::string FakeProjectBackend::health(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  auto& c = find(id);
  if (c.health_answers.empty()) return "";
  std::string answer = c.health_answers.front();
  if (c.health_answers.size() > 1) c.health_answers.erase(c.health_answers.begin());
  state_->journal.push_back("health " + c.observed.name + " " + answer);
  return answer;
}

std::map<std::string, std::string> FakeProjectBackend::anonymous_volumes(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  std::map<std::string, std::string> found;
  for (const auto& m : find(id).request.mounts) {
    if (m.source.rfind("anon", 0) == 0) found[m.destination] = m.source;
  }
  return found;
}

std::optional<LabelledResource> FakeProjectBackend::network(const std::string& name) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->networks.find(name);
  if (it == state_->networks.end()) return std::nullopt;
  return it->second;
}

std::vector<LabelledResource> FakeProjectBackend::networks() {
  std::lock_guard lock(state_->mutex);
  std::vector<LabelledResource> found;
  for (const auto& [name, n] : state_->networks) found.push_back(n);
  return found;
}

void FakeProjectBackend::create_network(const network::CreateOptions& options) {
  std::lock_guard lock(state_->mutex);
  state_->journal.push_back("network create " + options.name);
  state_->networks[options.name] = {options.name, options.labels};
}

void FakeProjectBackend::remove_network(const std::string& name) {
  std::lock_guard lock(state_->mutex);
  for (const auto& [id, c] : state_->containers) {
    for (const auto& endpoint : c.request.networks) {
      if (endpoint.network == name && c.observed.running()) {
        throw ConflictError("error while removing network: network " + name +
                            " has active endpoints");
      }
    }
  }
  state_->journal.push_back("network rm " + name);
  state_->networks.erase(name);
}

std::optional<LabelledResource> FakeProjectBackend::volume(const std::string& name) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->volumes.find(name);
  if (it == state_->volumes.end()) return std::nullopt;
  return it->second;
}

std::vector<LabelledResource> FakeProjectBackend::volumes() {
  std::lock_guard lock(state_->mutex);
  std::vector<LabelledResource> found;
  for (const auto& [name, v] : state_->volumes) found.push_back(v);
  return found;
}

void FakeProjectBackend::create_volume(const std::string& name,
                                       const std::map<std::string, std::string>& labels) {
  std::lock_guard lock(state_->mutex);
  state_->journal.push_back("volume create " + name);
  state_->volumes[name] = {name, labels};
}

void FakeProjectBackend::remove_volume(const std::string& name) {
  std::lock_guard lock(state_->mutex);
  state_->journal.push_back("volume rm " + name);
  state_->volumes.erase(name);
}

std::optional<std::string> FakeProjectBackend::image_id(const std::string& reference) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->images.find(reference);
  if (it == state_->images.end()) return std::nullopt;
  return it->second;
}

void FakeProjectBackend::pull(const std::string& reference, std::ostream&) {
  std::lock_guard lock(state_->mutex);
  state_->journal.push_back("pull " + reference);
  state_->images[reference] = "sha256:pulled-" + reference;
}

std::string FakeProjectBackend::build(const ServiceConfig& service, const std::string& tag,
                                      const std::vector<BuildSecret>& secrets, std::ostream&) {
  std::lock_guard lock(state_->mutex);
  std::string entry = "build " + service.name;
  for (const auto& secret : secrets) {
    entry += " secret:" + secret.id + "=" +
             (secret.file.empty() ? "env:" + secret.environment : secret.file);
  }
  state_->journal.push_back(entry);
  std::string id = "sha256:built-" + tag + "-" + std::to_string(state_->next_id++);
  state_->images[tag] = id;
  return id;
}

void FakeProjectBackend::remove_image(const std::string& reference) {
  std::lock_guard lock(state_->mutex);
  state_->journal.push_back("rmi " + reference);
  state_->images.erase(reference);
}

}  // namespace berth::compose::testing
