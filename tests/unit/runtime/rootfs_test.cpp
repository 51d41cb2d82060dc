#include "runtime/rootfs.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"

namespace berth::runtime {
namespace rootfs_test {

TEST(IsMounted, KnowsTheRootsOfMountsFromOtherPaths) {
  EXPECT_TRUE(is_mounted("/"));
  EXPECT_TRUE(is_mounted("/proc"));
  EXPECT_FALSE(is_mounted("/proc/sys/kernel"));  // inside /proc's mount (and sysctl's, if any)
  TempDir dir;
  EXPECT_FALSE(is_mounted(dir.path()));
  EXPECT_FALSE(is_mounted(dir.path() / "missing"));
}

TEST(IsMounted, DoesNotFollowASymlinkToAMount) {
  TempDir dir;
  fs::create_directory_symlink("/proc", dir.path() / "link");
  EXPECT_FALSE(is_mounted(dir.path() / "link"));
}

}  // namespace rootfs_test
}  // namespace berth::runtime
