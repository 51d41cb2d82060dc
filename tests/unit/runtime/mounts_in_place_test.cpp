#include "runtime/mounts_in_place.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {
namespace {

std::vector<MountRequest> sample_mounts() {
  return {{"bind", "/var/lib/berth/volumes/data/_data", "/data", false, {}},
          {"bind", "/srv/cache", "/data/cache/", false, {}},
          {"tmpfs", "", "/scratch", false, {}}};
}

TEST(MountHolding, TheDeepestMountHoldingThePathIsFound) {
  auto mounts = sample_mounts();
  EXPECT_EQ(mount_holding(mounts, "/data"), &mounts[0]);
  EXPECT_EQ(mount_holding(mounts, "/data/x/y"), &mounts[0]);
  EXPECT_EQ(mount_holding(mounts, "/data/cache"), &mounts[1]) << "a trailing slash is cleaned";
  EXPECT_EQ(mount_holding(mounts, "/data/cache/z"), &mounts[1]);
  EXPECT_EQ(mount_holding(mounts, "/scratch/f"), &mounts[2]);
}

TEST(MountHolding, OnlyWholeComponentsAndCleanPathsMatch) {
  auto mounts = sample_mounts();
  EXPECT_EQ(mount_holding(mounts, "/database"), nullptr) << "a prefix is not a parent";
  EXPECT_EQ(mount_holding(mounts, "/data/../etc/passwd"), nullptr) << "lexically /etc/passwd";
  EXPECT_EQ(mount_holding(mounts, "data//x/."), &mounts[0]) << "relative means from the root";
  EXPECT_EQ(mount_holding(mounts, "/"), nullptr);
  EXPECT_EQ(mount_holding({}, "/data"), nullptr);
}

TEST(MountInPlace, WithoutBindMountsTheWorkRunsHere) {
  std::vector<MountRequest> only_tmpfs = {{"tmpfs", "", "/scratch", false, {}}};
  pid_t here = ::getpid();
  pid_t ran_in = 0;
  EXPECT_EQ(with_mounts_in_place("/nonexistent", only_tmpfs,
                                 [&] {
                                   ran_in = ::getpid();
                                   return uint64_t{42};
                                 }),
            42u);
  EXPECT_EQ(ran_in, here) << "no child process, no mount namespace";
}

TEST(MountInPlace, TheWorkSeesTheVolumeAndItsResultOrErrorComesBack) {
  if (::geteuid() != 0) GTEST_SKIP() << "mount namespaces need root";
  TempDir rootfs, volume;
  write_file_atomic(volume.path() / "marker", "here", 0644);
  std::vector<MountRequest> mounts = {{"bind", volume.path().string(), "/vol", false, {}}};
  auto seen = with_mounts_in_place(rootfs.path(), mounts, [&] {
    return std::filesystem::exists(rootfs.path() / "vol" / "marker") ? uint64_t{7} : uint64_t{0};
  });
  EXPECT_EQ(seen, 7u) << "the volume is mounted over its destination for the work";
  EXPECT_FALSE(std::filesystem::exists(rootfs.path() / "vol" / "marker"))
      << "and only in the work's own mount namespace";
  try {
    with_mounts_in_place(rootfs.path(), mounts,
                         []() -> uint64_t { throw NotFoundError("Could not find the file", 3); });
    ADD_FAILURE() << "the error did not come back";
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "Could not find the file");
    EXPECT_EQ(e.exit_code(), 3);
  }
}

}  // namespace
}  // namespace berth::runtime
