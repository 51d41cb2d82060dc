// The ImageBuilder conformance suite against EngineImageBuilder over a real engine on a
// temporary root, as root.
#include <gtest/gtest.h>

#include "conformance/image_builder_suite.hpp"
#include "spaces/local/engine_image_builder.hpp"
#include "support/temporary_engine.hpp"

namespace berth::spaces {
namespace engine_image_builder_conformance_test {

class EngineHarness : public ImageBuilderHarness {
 public:
  ImageBuilder& builder() override { return builder_; }
  bool has_image(const std::string& tag) override {
    return engine_.engine().images().try_resolve(tag).has_value();
  }

 private:
  test_support::TemporaryEngine engine_;
  EngineImageBuilder builder_{engine_.config()};
};

std::unique_ptr<ImageBuilderHarness> engine_harness() {
  if (auto why = test_support::TemporaryEngine::cannot_run()) {
    std::cerr << "EngineImageBuilder: " << *why << "\n";
    return nullptr;  // the suite skips
  }
  return std::make_unique<EngineHarness>();
}

BERTH_IMAGE_BUILDER_CONFORMANCE(Engine, (ImageBuilderImplementation{"engine", engine_harness}));

}  // namespace engine_image_builder_conformance_test
}  // namespace berth::spaces
