#include "runtime/spec/clean_path.hpp"

#include <gtest/gtest.h>

#include "runtime/spec/kernel_version.hpp"

namespace berth::runtime {
namespace {

TEST(CleanAbsolutePath, LikeGoPathClean) {
  EXPECT_EQ(clean_absolute_path("/"), "/");
  EXPECT_EQ(clean_absolute_path("//"), "/");
  EXPECT_EQ(clean_absolute_path("/a/b/"), "/a/b");
  EXPECT_EQ(clean_absolute_path("/a//b/./c/.."), "/a/b");
  EXPECT_EQ(clean_absolute_path("/../../etc"), "/etc");
  EXPECT_EQ(path_depth("/"), 0u);
  EXPECT_EQ(path_depth("/a"), 1u);
  EXPECT_EQ(path_depth("/a/b/c"), 3u);
}

TEST(KernelVersion, Parses) {
  EXPECT_EQ(parse_kernel_version("6.1.0-13-amd64"), (KernelVersion{6, 1}));
  EXPECT_EQ(parse_kernel_version("4.8"), (KernelVersion{4, 8}));
  EXPECT_EQ(parse_kernel_version("5.15.0+"), (KernelVersion{5, 15}));
  EXPECT_EQ(parse_kernel_version("5"), std::nullopt);
  EXPECT_EQ(parse_kernel_version("x.1"), std::nullopt);
  EXPECT_LT((KernelVersion{4, 19}), (KernelVersion{5, 3}));
  EXPECT_LT((KernelVersion{5, 3}), (KernelVersion{5, 10}));
}

}  // namespace
}  // namespace berth::runtime
