#include "spaces/space_log.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "base/json.hpp"

namespace berth::spaces {
namespace {

TEST(Redact, ReplacesEverySecretOccurrence) {
  EXPECT_EQ(redact("a s3 b s3s3", {"s3", ""}), "a *** b ******");
  EXPECT_EQ(redact("nothing", {"zz"}), "nothing");
}

TEST(SpaceLogWriter, WritesHubShapedJsonLinesAndRedacts) {
  TempDir dir;
  auto path = dir.path() / "build.log";
  {
    SpaceLogWriter log(path, {"hunter2"});
    log.write("step 1");
    log.write("password=hunter2");
  }
  LogTail tail(path);
  auto lines = tail.read_new_lines();
  ASSERT_EQ(lines.size(), 2u);
  auto second = Json::parse(lines[1]);
  EXPECT_EQ(second["data"], "password=***");
  EXPECT_TRUE(second["timestamp"].get<std::string>().ends_with("Z"));
  EXPECT_TRUE(tail.read_new_lines().empty());
}

TEST(LogTail, WaitsForCompleteLinesAndRestartsOnANewFile) {
  TempDir dir;
  auto path = dir.path() / "log";
  write_file_atomic(path, "one\ntw", 0644);
  LogTail tail(path);
  EXPECT_EQ(tail.read_new_lines(), std::vector<std::string>{"one"});
  write_file_atomic(path, "new\n", 0644);  // a new inode: the next build's log
  EXPECT_EQ(tail.read_new_lines(), std::vector<std::string>{"new"});
  LogTail missing(dir.path() / "none");
  EXPECT_TRUE(missing.read_new_lines().empty());
}

TEST(DockerLogToSpaceLog, KeepsTextAndTime) {
  auto j = Json::parse(docker_log_to_space_log(
      R"({"log":"hello\n","stream":"stdout","time":"2026-12-03T10:00:00.5Z"})"));
  EXPECT_EQ(j["data"], "hello");
  EXPECT_EQ(j["timestamp"], "2026-12-03T10:00:00.5Z");
  EXPECT_EQ(Json::parse(docker_log_to_space_log("not json"))["data"], "not json");
}

}  // namespace
}  // namespace berth::spaces
