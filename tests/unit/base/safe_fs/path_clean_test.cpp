#include "base/safe_fs/path_clean.hpp"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(CleanPath, LikeGoPathClean) {
  EXPECT_EQ(clean_path(""), ".");
  EXPECT_EQ(clean_path("."), ".");
  EXPECT_EQ(clean_path("a//b/./c/.."), "a/b");
  EXPECT_EQ(clean_path("a/b/"), "a/b");
  EXPECT_EQ(clean_path("/.."), "/");
  EXPECT_EQ(clean_path("/a/../../b"), "/b");
  EXPECT_EQ(clean_path("../a"), "../a");
  EXPECT_EQ(clean_path("a/../../b/.."), "..");
  EXPECT_EQ(clean_path("//a"), "/a");
}

TEST(CleanPath, AbsoluteNeverClimbsAboveRoot) {
  EXPECT_EQ(clean_absolute_path("/"), "/");
  EXPECT_EQ(clean_absolute_path("//"), "/");
  EXPECT_EQ(clean_absolute_path("/a/b/"), "/a/b");
  EXPECT_EQ(clean_absolute_path("/a//b/./c/.."), "/a/b");
  EXPECT_EQ(clean_absolute_path("/../../etc"), "/etc");
  EXPECT_EQ(clean_absolute_path("a/b"), "/a/b");
  EXPECT_EQ(path_depth("/"), 0u);
  EXPECT_EQ(path_depth("/a"), 1u);
  EXPECT_EQ(path_depth("/a/b/c"), 3u);
}

TEST(CleanPath, ClampsToRoot) {
  EXPECT_EQ(clamp_to_root(""), "");
  EXPECT_EQ(clamp_to_root("/"), "");
  EXPECT_EQ(clamp_to_root("/../a/./b"), "a/b");
  EXPECT_EQ(clamp_to_root("../../etc/passwd"), "etc/passwd");
  EXPECT_EQ(clamp_to_root("a/b/../c/"), "a/c");
}

TEST(CleanPath, BeneathRefusesClimbing) {
  EXPECT_EQ(clean_beneath("./usr/bin/"), "usr/bin");
  EXPECT_EQ(clean_beneath("/etc/passwd"), "etc/passwd");
  EXPECT_EQ(clean_beneath("//a//b/./c"), "a/b/c");
  EXPECT_EQ(clean_beneath("a/b/../c"), "a/c");
  EXPECT_EQ(clean_beneath("./"), "");
  EXPECT_EQ(clean_beneath("/"), "");
  EXPECT_EQ(clean_beneath("a/.."), "");
  EXPECT_EQ(clean_beneath(".."), std::nullopt);
  EXPECT_EQ(clean_beneath("../etc/passwd"), std::nullopt);
  EXPECT_EQ(clean_beneath("a/../../b"), std::nullopt);
  EXPECT_EQ(clean_beneath("/../b"), std::nullopt);
}

TEST(CleanPath, JoinsAndSplits) {
  EXPECT_EQ(join_relative("", "b"), "b");
  EXPECT_EQ(join_relative("a", ""), "a");
  EXPECT_EQ(join_relative("a", "b/c"), "a/b/c");
  EXPECT_EQ(split_last("a/b/c"), std::make_pair(std::string_view("a/b"), std::string_view("c")));
  EXPECT_EQ(split_last("c"), std::make_pair(std::string_view(""), std::string_view("c")));
}

}  // namespace
}  // namespace berth
