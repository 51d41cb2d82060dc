#pragma once
// SpaceRunner over the engine library, in-process: a Space's container is created and started
// as UID 1000 on the Space's own bridge network, its status and address read from the engine's
// records, its log from its json-file log. Engines are never shared between threads, so the
// deploy workers and the status readers never share a store connection (status keeps one per
// thread, the other calls open their own); a missing
// container or network is NotFoundError from the engine, never a guess from text.
#include <cstdint>

#include "engine/engine.hpp"
#include "spaces/local/instance_liveness.hpp"
#include "spaces/space_runner.hpp"

namespace berth::spaces {

class EngineSpaceRunner : public SpaceRunner {
 public:
  // `allow_private_egress` (serve --allow-private-egress): the Spaces' networks may reach
  // link-local and private ranges (berth.private_egress=true).
  explicit EngineSpaceRunner(engine::EngineConfig config, bool allow_private_egress = false)
      : config_(std::move(config)), allow_private_egress_(allow_private_egress) {}
  void start(const SpaceRunRequest& request) override;
  void remove(const std::string& instance_name) override;
  InstanceStatus status(const std::string& instance_name) override;
  // From the watch status() set up on the instance's shim (instance_liveness.hpp), reading
  // the record only for an instance not watched or whose shim or exit file says it ended.
  bool alive(const std::string& instance_name) override;
  void freeze(const std::string& instance_name) override;
  void thaw(const std::string& instance_name) override;
  std::vector<SpaceInstance> list_instances() override;
  std::vector<std::string> log_tail(const std::string& instance_name, int lines) override;
  std::optional<std::filesystem::path> log_file(const std::string& instance_name) override;
  void ensure_network(const std::string& network, const std::string& space_id,
                      bool host_access) override;
  std::optional<bool> network_host_access(const std::string& network) override;
  void remove_network(const std::string& network) override;

  // The container request start() makes of a Space's run request (for tests).
  static runtime::ContainerRequest container_request(const SpaceRunRequest& request);

 private:
  engine::Engine& engine_of_this_thread();
  // Tells this runner's cached engines from those of a runner that lived at the same address.
  static std::uint64_t next_serial();
  std::uint64_t serial_ = next_serial();
  engine::EngineConfig config_;
  bool allow_private_egress_;
  InstanceLiveness liveness_;
};

}  // namespace berth::spaces
