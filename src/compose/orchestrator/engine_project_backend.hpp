#pragma once
// ProjectBackend over the engine library, in-process: what `berth compose` runs on.
#include "compose/orchestrator/project_backend.hpp"
#include "engine/engine.hpp"

namespace berth::compose {

class EngineProjectBackend : public ProjectBackend {
 public:
  explicit EngineProjectBackend(engine::EngineConfig config);

  // A factory making one backend (and so one Engine) per call, for the orchestrator's threads.
  static BackendFactory factory(engine::EngineConfig config);

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

  engine::Engine& engine() { return engine_; }

 private:
  ObservedContainer observe(const runtime::ContainerRecord& record);

  engine::Engine engine_;
};

}  // namespace berth::compose
