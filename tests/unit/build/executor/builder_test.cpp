#include "build/executor/builder.hpp"

#include <gtest/gtest.h>

#include <regex>
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

// The executor's observable contract, pinned across refactorings: the progress lines (timings
// masked) and the cache keys, which must never change or every existing cache misses.
constexpr const char* kMultiStage =
    "FROM base:1 AS deps\n"
    "ENV TOOL=make\n"
    "WORKDIR /src\n"
    "COPY app.txt ./\n"
    "RUN make-hello\n"
    "FROM base:1\n"
    "COPY --from=deps / /app/\n"
    "RUN --mount=type=tmpfs,target=/tmp --mount=type=bind,source=app.txt,target=/in compile\n";

TEST_F(BuilderTest, ProgressKeepsBuildKitsPlainFormat) {
  write_file_replace(context_dir.path() / "app.txt", "app\n");
  auto result = build(kMultiStage);
  std::string shown = std::regex_replace(progress.str(), std::regex(R"(DONE \d+\.\ds)"), "DONE T");
  shown = std::regex_replace(shown, std::regex(R"((#\d+) \d+\.\d{3} )"), "$1 T ");
  shown = std::regex_replace(shown, std::regex(R"(sha256:[0-9a-f]{64})"), "ID");
  EXPECT_EQ(
      shown,
      "#1 [deps 1/4] FROM base:1 AS deps\n#1 DONE T\n"
      "#2 [deps 2/4] WORKDIR /src\n#2 DONE T\n"
      "#3 [deps 3/4] COPY app.txt ./\n#3 DONE T\n"
      "#4 [deps 4/4] RUN make-hello\n#4 DONE T\n"
      "#5 [stage-1 1/3] FROM base:1\n#5 DONE T\n"
      "#6 [stage-1 2/3] COPY --from=deps / /app/\n#6 DONE T\n"
      "#7 [stage-1 3/3] RUN --mount=type=tmpfs,target=/tmp "
      "--mount=type=bind,source=app.txt,target=/in compile\n"
      "#7 T compiling\n#7 T done\n#7 DONE T\n"
      "#8 exporting to image\n#8 writing image ID done\n#8 naming to docker.io/library/out:1 done\n"
      "#8 DONE T\n");
  EXPECT_EQ(result.image_id, images.resolve("out:1").id);
}

TEST_F(BuilderTest, CacheKeysStayTheSame) {
  write_file_replace(context_dir.path() / "app.txt", "app\n");
  build(kMultiStage);
  std::string keys;
  {
    std::lock_guard lock(images.db().mutex());
    store::Statement st(images.db(), "SELECT key FROM build_cache ORDER BY key");
    while (st.step()) keys += st.column_text(0) + "\n";
  }
  EXPECT_EQ(Digest::sha256_of(keys).str(),
            "sha256:cd89fbd91cb8c5d1128a60cbe2611a458aff518643ead0578eb07c6773ece1f4")
      << keys;
}

}  // namespace
}  // namespace berth::build
