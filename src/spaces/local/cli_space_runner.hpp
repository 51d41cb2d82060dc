#pragma once
// SpaceRunner over the `berth` binary on this machine: `run -d` as UID 1000 on the Space's
// own bridge network, `inspect` for status and address, `logs` for the tail.
#include "spaces/local/berth_process.hpp"
#include "spaces/space_runner.hpp"

namespace berth::spaces {

class CliSpaceRunner : public SpaceRunner {
 public:
  // `allow_private_egress` (serve --allow-private-egress): the Spaces' networks may reach
  // link-local and private ranges (berth.private_egress=true).
  explicit CliSpaceRunner(BerthProcess berth, bool allow_private_egress = false)
      : berth_(std::move(berth)), allow_private_egress_(allow_private_egress) {}
  void start(const SpaceRunRequest& request) override;
  void remove(const std::string& instance_name) override;
  InstanceStatus status(const std::string& instance_name) override;
  std::vector<SpaceInstance> list_instances() override;
  std::vector<std::string> log_tail(const std::string& instance_name, int lines) override;
  std::optional<std::filesystem::path> log_file(const std::string& instance_name) override;
  void ensure_network(const std::string& network, const std::string& space_id,
                      bool host_access) override;
  std::optional<bool> network_host_access(const std::string& network) override;
  void remove_network(const std::string& network) override;

 private:
  BerthProcess berth_;
  bool allow_private_egress_;
};

}  // namespace berth::spaces
