#pragma once
// ProjectBackend in memory, for the planner's and orchestrator's unit tests: containers,
// networks, volumes and images as plain records shared by every backend the factory makes
// (the orchestrator makes one per thread), with a journal of the calls in order.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "compose/orchestrator/project_backend.hpp"

namespace berth::compose::testing {

struct FakeContainer {
  ObservedContainer observed;
  runtime::ContainerRequest request;
  std::vector<std::string> health_answers;  // returned in turn; the last one repeats
};

struct FakeEngineState {
  std::mutex mutex;
  std::map<std::string, FakeContainer> containers;  // by ID
  std::map<std::string, LabelledResource> networks;
  std::map<std::string, LabelledResource> volumes;
  std::map<std::string, std::string> images;  // reference → ID
  std::vector<std::string> journal;           // "create web-1", "start web-1", …
  int next_id = 1;
  // Containers of these services exit with this code right after they start.
  std::map<std::string, int> exits_on_start;
  // Containers of these services are refused at create, with this message.
  std::map<std::string, std::string> refuse_create;
  // Health answers given to every new container of a service.
  std::map<std::string, std::vector<std::string>> health_by_service;

  // The calls whose text starts with `prefix`, in order.
  std::vector<std::string> calls(const std::string& prefix = "");
  std::vector<ObservedContainer> live();  // the containers, by name
};

class FakeProjectBackend : public ProjectBackend {
 public:
  explicit FakeProjectBackend(std::shared_ptr<FakeEngineState> state) : state_(std::move(state)) {}
  static BackendFactory factory(std::shared_ptr<FakeEngineState> state);

  std::vector<ObservedContainer> containers(const std::string& project) override;
  ObservedContainer inspect(const std::string& id) override;
  std::string create(const runtime::ContainerRequest& request) override;
  void start(const std::string& id) override;
  void stop(const std::string& id, std::optional<int> timeout) override;
  void kill(const std::string& id, const std::string& signal) override;
  void remove(const std::string& id, bool force, bool anonymous_volumes) override;
  void rename(const std::string& id, const std::string& new_name) override;
  void pause(const std::string& id) override;
  void unpause(const std::string& id) override;
  std::string health(const std::string& id) override;
  std::map<std::string, std::string> anonymous_volumes(const std::string& id) override;
  std::optional<LabelledResource> network(const std::string& name) override;
  std::vector<LabelledResource> networks() override;
  void create_network(const network::CreateOptions& options) override;
  void remove_network(const std::string& name) override;
  std::optional<LabelledResource> volume(const std::string& name) override;
  std::vector<LabelledResource> volumes() override;
  void create_volume(const std::string& name,
                     const std::map<std::string, std::string>& labels) override;
  void remove_volume(const std::string& name) override;
  std::optional<std::string> image_id(const std::string& reference) override;
  void pull(const std::string& reference, std::ostream& progress) override;
  std::string build(const ServiceConfig& service, const std::string& tag,
                    const std::vector<BuildSecret>& secrets, std::ostream& progress) override;
  void remove_image(const std::string& reference) override;

 private:
  FakeContainer& find(const std::string& name_or_id);
  std::shared_ptr<FakeEngineState> state_;
};

}  // namespace berth::compose::testing
