#pragma once
// ImageBuilder over `berth build --tenant SPACE` (a Space build: its own cache, no host network,
// only allowed base images): build args on the command line, secrets through the build
// process's environment only (`--secret id=K,env=…`), BuildKit's plain progress as the log.
#include <string>
#include <vector>

#include "spaces/image_builder.hpp"
#include "spaces/local/berth_process.hpp"

namespace berth::spaces {

class CliImageBuilder : public ImageBuilder {
 public:
  // trusted_registries (serve --allow-registry): registries Space builds may pull from at
  // private or loopback addresses.
  explicit CliImageBuilder(BerthProcess berth, std::vector<std::string> trusted_registries = {})
      : berth_(std::move(berth)), trusted_registries_(std::move(trusted_registries)) {}
  std::string build(const SpaceBuildRequest& request, const LogLineSink& log) override;
  void remove_image(const std::string& tag) override;
  void forget_space(const std::string& space_id) override;

 private:
  BerthProcess berth_;
  std::vector<std::string> trusted_registries_;
};

}  // namespace berth::spaces
