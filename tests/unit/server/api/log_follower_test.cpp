#include "server/api/log_follower.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "unit/server/api/log_lines.hpp"

namespace berth::server {
namespace log_follower_test {

using log_lines::append;
using log_lines::texts;

TEST(LogFollower, ReadsCompleteLinesWithinTheBudget) {
  TempDir dir;
  fs::path log = dir.path() / "build.log";
  LogFollower follower(log);
  EXPECT_TRUE(follower.read().lines.empty());  // no file yet
  append(log, "one\ntwo\nthr");
  auto batch = follower.read(6);  // "one\ntw"
  EXPECT_EQ(texts(batch), (std::vector<std::string>{"one"}));
  EXPECT_TRUE(batch.more);
  batch = follower.read(6);
  EXPECT_EQ(texts(batch), (std::vector<std::string>{"two"}));
  EXPECT_FALSE(batch.more);
  append(log, "ee\n\n");
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"three", ""}));
  EXPECT_TRUE(follower.read().lines.empty());
}

TEST(LogFollower, PassesOverALineLongerThanTheLimit) {
  TempDir dir;
  fs::path log = dir.path() / "run.log";
  LogFollower follower(log, /*max_line=*/10);
  append(log, "short\n" + std::string(25, 'x'));
  auto batch = follower.read(8);
  EXPECT_EQ(texts(batch), (std::vector<std::string>{"short"}));
  while (follower.read(8).more) {
  }
  append(log, "xx\nafter\n");
  batch = follower.read();
  ASSERT_EQ(batch.lines.size(), 2u);
  EXPECT_EQ(batch.lines[0].text, "");
  EXPECT_EQ(batch.lines[0].omitted_bytes, 27u);
  EXPECT_EQ(batch.lines[1].text, "after");
  EXPECT_EQ(batch.lines[1].omitted_bytes, 0u);
}

TEST(LogFollower, StartsOverOnAReplacedOrTruncatedFile) {
  TempDir dir;
  fs::path log = dir.path() / "build.log";
  LogFollower follower(log);
  append(log, "old build\npartial");
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"old build"}));
  fs::remove(log);
  append(log, "new\n");
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"new"}));
  fs::resize_file(log, 0);
  append(log, "n\n");  // shorter than what was read
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"n"}));
}

}  // namespace log_follower_test
}  // namespace berth::server
