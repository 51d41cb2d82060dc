#pragma once
// What the orchestrator needs of an engine, by container ID and resource name: the seam that
// lets the planner's and orchestrator's rules be tested without root against a fake
// (tests/fakes/fake_project_backend), while EngineProjectBackend drives the engine library.
// One backend per thread: the orchestrator makes one for each service it starts in parallel.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compose/orchestrator/observed_container.hpp"
#include "network/network_manager.hpp"
#include "runtime/container_request.hpp"

namespace berth::compose {

struct Project;
struct ServiceConfig;

// A network or volume the engine has, with its labels (compose's find those of a project).
struct LabelledResource {
  std::string name;
  std::map<std::string, std::string> labels;
};

// A build secret (`build.secrets`) as the builder reads it: a file, or an environment variable
// of this process.
struct BuildSecret {
  std::string id;
  std::string file;
  std::string environment;
};

class ProjectBackend {
 public:
  virtual ~ProjectBackend() = default;

  // The project's containers, one-off ones included, found by kProjectLabel.
  virtual std::vector<ObservedContainer> containers(const std::string& project) = 0;
  virtual ObservedContainer inspect(const std::string& id) = 0;
  // Returns the new container's ID.
  virtual std::string create(const runtime::ContainerRequest& request) = 0;
  virtual void start(const std::string& id) = 0;
  virtual void stop(const std::string& id, std::optional<int> timeout) = 0;
  virtual void kill(const std::string& id, const std::string& signal) = 0;
  // Removes a stopped (or, with force, any) container; with its anonymous volumes if asked.
  virtual void remove(const std::string& id, bool force, bool anonymous_volumes) = 0;
  virtual void rename(const std::string& id, const std::string& new_name) = 0;
  virtual void pause(const std::string& id) = 0;
  virtual void unpause(const std::string& id) = 0;
  // The container's health now: "" without a healthcheck, else starting, healthy or
  // unhealthy (running a probe when one is due).
  virtual std::string health(const std::string& id) = 0;
  // Destination → anonymous volume name, so a recreated container keeps its anonymous data.
  virtual std::map<std::string, std::string> anonymous_volumes(const std::string& id) = 0;

  virtual std::optional<LabelledResource> network(const std::string& name) = 0;
  virtual std::vector<LabelledResource> networks() = 0;
  virtual void create_network(const network::CreateOptions& options) = 0;
  virtual void remove_network(const std::string& name) = 0;

  virtual std::optional<LabelledResource> volume(const std::string& name) = 0;
  virtual std::vector<LabelledResource> volumes() = 0;
  virtual void create_volume(const std::string& name,
                             const std::map<std::string, std::string>& labels) = 0;
  virtual void remove_volume(const std::string& name) = 0;

  // The ID of the image `reference` names, if the store has it.
  virtual std::optional<std::string> image_id(const std::string& reference) = 0;
  virtual void pull(const std::string& reference, std::ostream& progress) = 0;
  // Builds the service's `build:` and tags the result `tag`; returns the image ID.
  virtual std::string build(const ServiceConfig& service, const std::string& tag,
                            const std::vector<BuildSecret>& secrets, std::ostream& progress) = 0;
  virtual void remove_image(const std::string& reference) = 0;
};

using BackendFactory = std::function<std::unique_ptr<ProjectBackend>()>;

}  // namespace berth::compose
