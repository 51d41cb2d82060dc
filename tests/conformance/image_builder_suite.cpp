#include "conformance/image_builder_suite.hpp"

#include <gmock/gmock.h>
#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"

namespace berth::spaces {

using ::testing::HasSubstr;

void ImageBuilderConformance::SetUp() {
  harness_ = GetParam().make();
  if (!harness_) GTEST_SKIP() << GetParam().name << " cannot run here";
}

std::filesystem::path ImageBuilderConformance::context(
    const std::string& dockerfile, const std::vector<std::pair<std::string, std::string>>& files) {
  auto dir = contexts_.path() / ("context-" + std::to_string(++made_));
  ensure_directory(dir);
  write_file_atomic(dir / "Dockerfile", dockerfile, 0644);
  for (const auto& [path, content] : files) write_file_atomic(dir / path, content, 0644);
  return dir;
}

SpaceBuildRequest ImageBuilderConformance::request(const std::string& name,
                                                   const std::filesystem::path& context) const {
  SpaceBuildRequest r;
  r.space_id = "conformance/" + name;
  r.context = context;
  r.tag = "localhost/spaces/conformance/" + name + ":" + std::to_string(::getpid());
  r.build_args["GREETING"] = "hello";
  return r;
}

std::string ImageBuilderConformance::build(const SpaceBuildRequest& r,
                                           std::vector<std::string>& log) {
  return builder().build(r, [&](std::string_view line) { log.emplace_back(line); });
}

TEST_P(ImageBuilderConformance, BuildTagsTheImageAndReturnsItsId) {
  auto r = request("good", context("FROM scratch\nCOPY app.txt /app.txt\n", {{"app.txt", "hi"}}));
  std::vector<std::string> log;
  auto id = build(r, log);
  EXPECT_TRUE(id.starts_with("sha256:")) << id;
  EXPECT_EQ(id.size(), 71u) << id;
  EXPECT_FALSE(log.empty()) << "the build says what it does";
  EXPECT_TRUE(harness().has_image(r.tag));

  builder().remove_image(r.tag);
  EXPECT_FALSE(harness().has_image(r.tag));
  builder().remove_image(r.tag);  // a missing image is not an error
}

TEST_P(ImageBuilderConformance, AFailingStepIsBuildFailedWithTheReasonLogged) {
  auto r = request("bad-step", context("FROM scratch\nCOPY missing.txt /missing.txt\n", {}));
  std::vector<std::string> log;
  try {
    build(r, log);
    FAIL() << "a COPY of a missing file built";
  } catch (const BuildFailed& e) {
    EXPECT_THAT(e.what(), HasSubstr("missing.txt"));
    ASSERT_FALSE(log.empty());
    EXPECT_THAT(log.back(), HasSubstr("Error: ")) << "the log ends with why it failed";
    EXPECT_THAT(log.back(), HasSubstr("missing.txt"));
  }
  EXPECT_FALSE(harness().has_image(r.tag));
}

TEST_P(ImageBuilderConformance, AMissingDockerfileIsBuildFailed) {
  auto dir = context("", {});
  std::filesystem::remove(dir / "Dockerfile");
  auto r = request("no-dockerfile", dir);
  std::vector<std::string> log;
  EXPECT_THROW(build(r, log), BuildFailed);
  EXPECT_FALSE(harness().has_image(r.tag));
}

TEST_P(ImageBuilderConformance, ABuildWithoutASpaceIsRefused) {
  auto r = request("nobody", context("FROM scratch\nCOPY app.txt /\n", {{"app.txt", "hi"}}));
  r.space_id.clear();
  std::vector<std::string> log;
  try {
    build(r, log);
    FAIL() << "a build for no Space ran";
  } catch (const BuildFailed&) {
    FAIL() << "the builder's own refusal is no failed build";
  } catch (const Error&) {
    EXPECT_FALSE(harness().has_image(r.tag));
  }
}

TEST_P(ImageBuilderConformance, ForgettingASpaceKeepsItsImages) {
  auto r = request("forget", context("FROM scratch\nCOPY app.txt /\n", {{"app.txt", "hi"}}));
  std::vector<std::string> log;
  build(r, log);
  builder().forget_space(r.space_id);
  builder().forget_space("conformance/never-built");  // nothing kept is nothing to drop
  EXPECT_TRUE(harness().has_image(r.tag)) << "images are remove_image's to drop";
  builder().remove_image(r.tag);
}

}  // namespace berth::spaces
