#pragma once
// ImageBuilder over the engine library, in-process: a Space's build is `build --tenant
// OWNER/NAME` (its own cache, only allowed base images, public downloads, step limits), its
// variables build args, its secrets build secrets handed over as values (never in an
// environment or a file), its progress lines the deploy log's.
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "spaces/image_builder.hpp"

namespace berth::spaces {

class EngineImageBuilder : public ImageBuilder {
 public:
  // trusted_registries (serve --allow-registry): registries Space builds may pull from at
  // private or loopback addresses.
  explicit EngineImageBuilder(engine::EngineConfig config,
                              std::vector<std::string> trusted_registries = {})
      : config_(std::move(config)), trusted_registries_(std::move(trusted_registries)) {}

  std::string build(const SpaceBuildRequest& request, const LogLineSink& log) override;
  void remove_image(const std::string& tag) override;
  void forget_space(const std::string& space_id) override;

 private:
  engine::EngineConfig config_;
  std::vector<std::string> trusted_registries_;
};

}  // namespace berth::spaces
