#include "build/executor/builder.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "build/context/build_context.hpp"
#include "fakes/runtime/fake_oci_runtime.hpp"
#include "fakes/runtime/fake_rootfs_mounter.hpp"
#include "support/test_images.hpp"

namespace berth::build {
namespace {

using runtime::FakeOciRuntime;

// What the RUN steps of these tests do, by their shell command.
FakeOciRuntime::Behaviour step(const std::vector<std::string>& argv) {
  FakeOciRuntime::Behaviour b;
  const std::string command = argv.empty() ? "" : argv.back();
  if (command == "make-hello") b.writes = {{"/hello", "hi\n"}};
  if (command == "compile") b.output = {"compiling", "done"};
  if (command == "false") b.exit_code = 1;
  if (command == "forever") b.runs_until_killed = true;
  return b;
}

// The executor over a fake runtime and fake mounts: Dockerfile to image without root.
class BuilderTest : public ::testing::Test {
 protected:
  BuildResult build(const std::string& dockerfile, BuildOptions options = {}) {
    RunnerOptions runner;
    runner.runtime = "fake";
    runner.runtime_root = run_dir.path() / "fake";
    runner.oci_runtime = &oci;
    runner.mounter = &mounter;
    auto context = BuildContext::from_directory(context_dir.path(), std::nullopt);
    Builder builder(images, context, root.path(), runner, progress);
    options.dockerfile_text = dockerfile;
    options.tags = {image::Reference::parse("out:1")};
    return builder.build(options);
  }
  size_t runs() const {
    size_t n = 0;
    for (const auto& call : oci.calls()) n += call.rfind("run ", 0) == 0;
    return n;
  }

  TempDir root, run_dir, context_dir;
  image::ImageStore images{root.path()};
  FakeOciRuntime oci{step};
  runtime::FakeRootfsMounter mounter;
  std::ostringstream progress;
  Digest base_id = test_support::add_image(
      images, {{test_support::make_layer({{"etc/os-release", "base\n"}})}, {"base:1"}});
};

TEST_F(BuilderTest, ARunStepBecomesALayerOnTheBase) {
  auto result = build("FROM base:1\nRUN make-hello\n");
  auto image = images.resolve("out:1");
  EXPECT_EQ(image.id, result.image_id);
  ASSERT_EQ(image.layers.size(), 2u);
  EXPECT_EQ(image.layers[0].layer.chain_id, images.resolve("base:1").layers[0].layer.chain_id);
  auto top = images.snapshots().path(image.layers[1].layer.chain_id);
  EXPECT_EQ(read_file(top / "hello"), "hi\n");
  auto history = images.config(image).history();
  EXPECT_EQ(history.back().value("created_by", ""), "RUN /bin/sh -c make-hello # buildkit");
  EXPECT_EQ(mounter.mounted_count(), 0u);  // every step's filesystem was unmounted
}

TEST_F(BuilderTest, TheSecondBuildComesFromTheCache) {
  auto first = build("FROM base:1\nRUN make-hello\n");
  EXPECT_EQ(runs(), 1u);
  auto second = build("FROM base:1\nRUN make-hello\n");
  EXPECT_EQ(second.image_id, first.image_id);
  EXPECT_EQ(runs(), 1u);
  EXPECT_NE(progress.str().find("CACHED"), std::string::npos);
  BuildOptions no_cache;
  no_cache.no_cache = true;
  build("FROM base:1\nRUN make-hello\n", no_cache);
  EXPECT_EQ(runs(), 2u);
}

TEST_F(BuilderTest, AStepWithoutChangesAddsNoLayer) {
  build("FROM base:1\nRUN compile\n");
  EXPECT_EQ(images.resolve("out:1").layers.size(), 1u);
  EXPECT_NE(progress.str().find("compiling"), std::string::npos);  // its output is shown
}

TEST_F(BuilderTest, AFailingStepFailsTheBuildWithDockersMessage) {
  try {
    build("FROM base:1\nRUN false\n");
    FAIL() << "the build succeeded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "process \"/bin/sh -c false\" did not complete successfully: exit code: 1"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(images.resolve("out:1"), NotFoundError);
  EXPECT_EQ(mounter.mounted_count(), 0u);
}

TEST_F(BuilderTest, AStepPastItsTimeLimitFails) {
  BuildOptions options;
  options.policy.step_limits.wall_time = std::chrono::seconds(1);
  try {
    build("FROM base:1\nRUN forever\n", options);
    FAIL() << "the build succeeded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ran past its time limit"), std::string::npos) << e.what();
  }
}

TEST_F(BuilderTest, BuildArgsReachTheStepsEnvironmentAndItsCacheKey) {
  BuildOptions options;
  options.build_args = {{"VERSION", "1"}};
  build("FROM base:1\nARG VERSION\nRUN make-hello\n", options);
  build("FROM base:1\nARG VERSION\nRUN make-hello\n", options);
  EXPECT_EQ(runs(), 1u);
  options.build_args = {{"VERSION", "2"}};
  build("FROM base:1\nARG VERSION\nRUN make-hello\n", options);
  EXPECT_EQ(runs(), 2u);  // another value is another step
}

}  // namespace
}  // namespace berth::build
