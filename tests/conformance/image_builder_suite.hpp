#pragma once
// The ImageBuilder conformance suite: the same tests run against FakeImageBuilder (unit_tests)
// and against EngineImageBuilder over a real engine (conformance_tests, as root), so the fake
// the deploy pipeline's unit tests rely on behaves as the real builder does.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "spaces/image_builder.hpp"

namespace berth::spaces {

// What the suite needs of one implementation.
class ImageBuilderHarness {
 public:
  virtual ~ImageBuilderHarness() = default;
  virtual ImageBuilder& builder() = 0;
  // Whether an image tagged `tag` is there (built, and not removed since).
  virtual bool has_image(const std::string& tag) = 0;
};

struct ImageBuilderImplementation {
  std::string name;  // for the test names
  // nullptr when the implementation cannot run here (the suite skips).
  std::function<std::unique_ptr<ImageBuilderHarness>()> make;
};

class ImageBuilderConformance : public ::testing::TestWithParam<ImageBuilderImplementation> {
 protected:
  void SetUp() override;
  ImageBuilder& builder() { return harness_->builder(); }
  ImageBuilderHarness& harness() { return *harness_; }
  // A build context (in a directory this test owns) of a Dockerfile and files (path, content).
  std::filesystem::path context(const std::string& dockerfile,
                                const std::vector<std::pair<std::string, std::string>>& files);
  // A request for Space "conformance/NAME", tagged as Spaces' images are.
  SpaceBuildRequest request(const std::string& name, const std::filesystem::path& context) const;
  // Builds `r`, collecting its log lines into `log`.
  std::string build(const SpaceBuildRequest& r, std::vector<std::string>& log);

 private:
  std::unique_ptr<ImageBuilderHarness> harness_;
  TempDir contexts_;
  int made_ = 0;
};

// Instantiates the suite for `implementation`.
#define BERTH_IMAGE_BUILDER_CONFORMANCE(prefix, implementation)                                \
  INSTANTIATE_TEST_SUITE_P(prefix, ImageBuilderConformance, ::testing::Values(implementation), \
                           [](const auto& info) { return info.param.name; })

}  // namespace berth::spaces
