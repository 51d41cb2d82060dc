// The ImageBuilder conformance suite against FakeImageBuilder: the fake the deploy pipeline's
// tests use behaves as EngineImageBuilder does (tests/conformance runs the same suite on it).
#include "fakes/spaces/fake_image_builder.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "conformance/image_builder_suite.hpp"

namespace berth::spaces {
namespace fake_image_builder_test {

class FakeHarness : public ImageBuilderHarness {
 public:
  ImageBuilder& builder() override { return builder_; }
  bool has_image(const std::string& tag) override { return builder_.has_image(tag); }

 private:
  FakeImageBuilder builder_;
};

BERTH_IMAGE_BUILDER_CONFORMANCE(
    Fake, (ImageBuilderImplementation{
              "fake", [] { return std::unique_ptr<ImageBuilderHarness>(new FakeHarness); }}));

TEST(FakeImageBuilder, FailsEveryBuildWhenTold) {
  TempDir context;
  write_file_atomic(context.path() / "Dockerfile", "FROM scratch\n", 0644);
  FakeImageBuilder fake;
  fake.fail = true;
  std::vector<std::string> log;
  SpaceBuildRequest r{.space_id = "alice/a", .context = context.path(), .tag = "img:1"};
  EXPECT_THROW(fake.build(r, [&](std::string_view line) { log.emplace_back(line); }), BuildFailed);
  EXPECT_EQ(log, (std::vector<std::string>{"#1 building", "Error: step 2/3 failed: exit code 3"}));
  EXPECT_FALSE(fake.has_image("img:1"));
  ASSERT_EQ(fake.requests.size(), 1u);
}

}  // namespace fake_image_builder_test
}  // namespace berth::spaces
