#include "base/capped_filesystem.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/process.hpp"
#include "base/unique_fd.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kMiB = int64_t{1} << 20;

// Loop devices and mounts need root; the rest of the suite runs without it.
class CappedFilesystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "mounts a loop device: needs root";
    if (!fs::exists("/dev/loop-control")) GTEST_SKIP() << "no loop devices on this host";
    if (run_process({"mkfs.ext4", "-V"}, {.search_path = true}).exit_code == 127)
      GTEST_SKIP() << "needs mkfs.ext4 (apt-get install e2fsprogs)";
    cap_ = {.image = dir_.path() / "fs.img",
            .mount_point = dir_.path() / "mnt",
            .size_bytes = 16 * kMiB};
  }
  void TearDown() override {
    if (!cap_.image.empty()) ::umount2(cap_.mount_point.c_str(), MNT_DETACH);
  }

  int64_t total_bytes() const {
    struct statvfs info {};
    EXPECT_EQ(::statvfs(cap_.mount_point.c_str(), &info), 0);
    return static_cast<int64_t>(info.f_blocks) * static_cast<int64_t>(info.f_frsize);
  }

  // Writes `bytes` of zeros; the errno of the first failed write, 0 when all went in.
  int write_zeros(const fs::path& path, int64_t bytes) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd.valid()) return errno;
    std::vector<char> block(kMiB);
    for (int64_t done = 0; done < bytes; done += kMiB) {
      if (::write(fd.get(), block.data(), block.size()) != static_cast<ssize_t>(block.size()))
        return errno;
    }
    return ::fsync(fd.get()) == 0 ? 0 : errno;
  }

  TempDir dir_;
  CappedFilesystem cap_;
};

TEST_F(CappedFilesystemTest, WritesStopAtTheCap) {
  mount_capped(cap_);
  EXPECT_TRUE(is_mount_point(cap_.mount_point));
  EXPECT_LE(total_bytes(), 16 * kMiB);
  EXPECT_EQ(write_zeros(cap_.mount_point / "big", 32 * kMiB), ENOSPC);
  mount_capped(cap_);  // mounted already: nothing happens
  unmount_capped(cap_.mount_point);
  EXPECT_FALSE(is_mount_point(cap_.mount_point));
  unmount_capped(cap_.mount_point);  // not mounted: nothing happens
}

TEST_F(CappedFilesystemTest, FilesAlreadyThereMoveIn) {
  fs::create_directories(cap_.mount_point / "sub");
  write_file_atomic(cap_.mount_point / "sub" / "kept", "old data");
  ASSERT_EQ(::chown((cap_.mount_point / "sub").c_str(), 1000, 1000), 0);
  mount_capped(cap_);
  EXPECT_EQ(read_file(cap_.mount_point / "sub" / "kept"), "old data");
  struct stat info {};
  ASSERT_EQ(::stat((cap_.mount_point / "sub").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 1000u) << "owners are kept";
  unmount_capped(cap_.mount_point);
  EXPECT_FALSE(fs::exists(cap_.mount_point / "sub")) << "no stale copy hides under the mount";
  EXPECT_FALSE(fs::exists(dir_.path() / "mnt.adopting"));
}

TEST_F(CappedFilesystemTest, GrowsWhenRemountedLarger) {
  mount_capped(cap_);
  write_file_atomic(cap_.mount_point / "kept", "data");
  unmount_capped(cap_.mount_point);
  cap_.size_bytes = 64 * kMiB;
  mount_capped(cap_);
  EXPECT_GT(total_bytes(), 32 * kMiB);
  EXPECT_EQ(read_file(cap_.mount_point / "kept"), "data");
  unmount_capped(cap_.mount_point);
  cap_.size_bytes = 16 * kMiB;  // never shrunk: that could lose data
  mount_capped(cap_);
  EXPECT_GT(total_bytes(), 32 * kMiB);
}

TEST_F(CappedFilesystemTest, ALazilyDetachedMountIsSharedNotMountedTwice) {
  mount_capped(cap_);
  write_file_atomic(cap_.mount_point / "kept", "data");
  // A process still inside keeps the detached mount (and its loop device) alive.
  UniqueFd busy(::open((cap_.mount_point / "kept").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(busy.valid());
  struct stat before {};
  ASSERT_EQ(::fstat(busy.get(), &before), 0);
  ASSERT_EQ(::umount2(cap_.mount_point.c_str(), MNT_DETACH), 0);
  cap_.size_bytes = 64 * kMiB;  // a grow now would resize a mounted filesystem: not done
  mount_capped(cap_);
  struct stat after {};
  ASSERT_EQ(::stat((cap_.mount_point / "kept").c_str(), &after), 0);
  EXPECT_EQ(after.st_dev, before.st_dev) << "the same loop device, not a second one";
  EXPECT_LE(total_bytes(), 16 * kMiB);
  unmount_capped(cap_.mount_point);
}

TEST(CappedFilesystem, RefusesCapsBelowTheMinimum) {
  TempDir dir;
  EXPECT_THROW(mount_capped({.image = dir.path() / "img",
                             .mount_point = dir.path() / "mnt",
                             .size_bytes = kMinimumCappedSize - 1}),
               InvalidArgumentError);
  EXPECT_FALSE(fs::exists(dir.path() / "img"));
}

}  // namespace
}  // namespace berth
