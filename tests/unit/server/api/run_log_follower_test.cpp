#include "server/api/run_log_follower.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "unit/server/api/log_lines.hpp"

namespace berth::server {
namespace run_log_follower_test {

using log_lines::append;
using log_lines::texts;

class RunLogFollowerTest : public ::testing::Test {
 protected:
  RunLogFollower follower{[this] { return current; },
                          [this](const std::string& instance) -> std::optional<fs::path> {
                            return dir.path() / (instance + ".log");
                          }};
  fs::path log(const std::string& instance) { return dir.path() / (instance + ".log"); }

  TempDir dir;
  std::string current;
};

TEST_F(RunLogFollowerTest, NoInstanceNoLines) {
  EXPECT_TRUE(follower.read().lines.empty());
}

TEST_F(RunLogFollowerTest, TheNewInstanceIsFollowedFromItsStart) {
  current = "a";
  append(log("a"), "a1\n");
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"a1"}));
  append(log("b"), "b1\nb2\n");
  current = "b";
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"b1", "b2"}));
}

TEST_F(RunLogFollowerTest, WhatTheInstanceLeftWroteLastComesBeforeTheNewOnes) {
  current = "a";
  append(log("a"), "a1\n");
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"a1"}));
  append(log("a"), "a2: crashing\n");  // written after the last read, before the switch
  append(log("b"), "b1\n");
  current = "b";
  EXPECT_EQ(texts(follower.read()), (std::vector<std::string>{"a2: crashing", "b1"}));
  append(log("a"), "a3\n");  // the old log is no longer followed
  EXPECT_TRUE(follower.read().lines.empty());
}

TEST_F(RunLogFollowerTest, AGoneLogOfTheInstanceLeftIsNoError) {
  current = "a";
  append(log("a"), "a1\n");
  follower.read();
  fs::remove(log("a"));  // removed with its container
  current = "";
  EXPECT_TRUE(follower.read().lines.empty());
}

}  // namespace run_log_follower_test
}  // namespace berth::server
