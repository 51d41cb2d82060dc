// plan_process reading /etc/passwd and /etc/group from a rootfs whose symlinks are hostile.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/spec/container_config.hpp"
#include "runtime/spec/rootfs_file.hpp"

namespace berth::runtime {
namespace {

class RootfsUser : public ::testing::Test {
 protected:
  void SetUp() override { ensure_directory(rootfs_.path() / "etc"); }

  void write(const std::string& relative, const std::string& text) {
    auto path = rootfs_.path() / relative;
    ensure_directory(path.parent_path());
    write_file_atomic(path, text);
  }
  void symlink(const std::string& target, const std::string& relative) {
    ASSERT_EQ(::symlink(target.c_str(), (rootfs_.path() / relative).c_str()), 0);
  }
  ContainerConfig config(const std::string& user) {
    ContainerConfig c;
    c.id = std::string(64, 'b');
    c.rootfs = rootfs_.path();
    c.image_config = {{"Cmd", {"sh"}}};
    c.user = user;
    return c;
  }

  TempDir rootfs_;
  TempDir host_;  // stands for the host, outside the rootfs
};

TEST_F(RootfsUser, ResolvesNamesFromTheImage) {
  write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
  write("etc/group", "root:x:0:\nwheel:x:10:root\napp:x:1000:\nvideo:x:44:app\n");
  auto plan = plan_process(config("app"));
  EXPECT_EQ(plan.uid, 1000u);
  EXPECT_EQ(plan.gid, 1000u);
  EXPECT_EQ(plan.additional_gids, (std::vector<uint32_t>{44}));
  EXPECT_EQ(plan.env.back(), "HOME=/home/app");
  plan = plan_process(config(""));
  EXPECT_EQ(plan.additional_gids, (std::vector<uint32_t>{10}));
  EXPECT_EQ(plan.env.back(), "HOME=/root");
}

TEST_F(RootfsUser, ImageUserAppliesUnlessOverridden) {
  write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
  auto c = config("");
  c.image_config["User"] = "app";
  EXPECT_EQ(plan_process(c).uid, 1000u);
  c.user = "0";
  EXPECT_EQ(plan_process(c).uid, 0u);
}

TEST_F(RootfsUser, MissingFilesAllowNumericIdsOnly) {
  auto plan = plan_process(config("1000:1000"));
  EXPECT_EQ(plan.uid, 1000u);
  EXPECT_EQ(plan.gid, 1000u);
  EXPECT_EQ(plan.env.back(), "HOME=/");
  try {
    plan_process(config("app"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unable to find user app: no matching entries in passwd file");
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST_F(RootfsUser, AbsoluteSymlinkResolvesInsideTheRootfs) {
  write("etc/passwd.real", "root:x:0:0::/root:/bin/sh\ninside:x:1234:1234::/in:/bin/sh\n");
  write_file_atomic(host_.path() / "passwd", "outside:x:4321:4321::/host:/bin/sh\n");
  // Points at the host file by its absolute host path: inside the rootfs that path is missing.
  symlink((host_.path() / "passwd").string(), "etc/passwd");
  EXPECT_THROW(plan_process(config("outside")), Error);

  // The same absolute path, created inside the rootfs, is what gets read.
  write((host_.path() / "passwd").relative_path().string(), "inside:x:1234:1234::/in:/bin/sh\n");
  EXPECT_EQ(plan_process(config("inside")).uid, 1234u);
  EXPECT_THROW(plan_process(config("outside")), Error);
}

TEST_F(RootfsUser, DotDotSymlinkStopsAtTheRootfsRoot) {
  write_file_atomic(host_.path() / "passwd", "outside:x:4321:4321::/host:/bin/sh\n");
  std::string climb;
  for (int i = 0; i < 30; ++i) climb += "../";
  symlink(climb + (host_.path() / "passwd").relative_path().string(), "etc/passwd");
  EXPECT_THROW(plan_process(config("outside")), Error);
}

TEST_F(RootfsUser, SymlinkedEtcDirectoryAndFileInsideWork) {
  write("real/etc/passwd", "root:x:0:0::/root:/bin/sh\nlinked:x:77:77::/l:/bin/sh\n");
  ASSERT_EQ(::rmdir((rootfs_.path() / "etc").c_str()), 0);
  symlink("/real/etc", "etc");
  EXPECT_EQ(plan_process(config("linked")).uid, 77u);
}

TEST_F(RootfsUser, SymlinkToAnotherFileOfTheImage) {
  write("etc/shadow", "root:x:0:0::/root:/bin/sh\nshadowed:x:99:99::/s:/bin/sh\n");
  symlink("/etc/shadow", "etc/passwd");
  EXPECT_EQ(plan_process(config("shadowed")).uid, 99u) << "the image's own file, not the host's";
}

TEST_F(RootfsUser, SymlinkLoopReadsAsMissing) {
  symlink("/etc/group", "etc/passwd");
  symlink("/etc/passwd", "etc/group");
  EXPECT_EQ(read_rootfs_file(rootfs_.path(), "/etc/passwd"), std::nullopt);
  EXPECT_EQ(plan_process(config("12:34")).uid, 12u);
}

TEST_F(RootfsUser, NonRegularFilesAreIgnored) {
  ASSERT_EQ(::mkfifo((rootfs_.path() / "etc/passwd").c_str(), 0644), 0);
  // A FIFO would block a plain open forever; it reads as missing.
  EXPECT_EQ(read_rootfs_file(rootfs_.path(), "/etc/passwd"), std::nullopt);
  ensure_directory(rootfs_.path() / "etc/group");
  EXPECT_EQ(read_rootfs_file(rootfs_.path(), "/etc/group"), std::nullopt);
  EXPECT_EQ(plan_process(config("5:6")).gid, 6u);
}

TEST_F(RootfsUser, OversizedFileIsAnError) {
  write("etc/passwd", std::string(100, 'x'));
  EXPECT_THROW(read_rootfs_file(rootfs_.path(), "/etc/passwd", 10), Error);
  EXPECT_EQ(read_rootfs_file(rootfs_.path(), "/etc/passwd", 100)->size(), 100u);
}

TEST_F(RootfsUser, MissingRootfsReadsAsMissingFiles) {
  // ps/inspect resolve a created container's argv before its rootfs is mounted.
  EXPECT_EQ(read_rootfs_file(rootfs_.path() / "nope", "/etc/passwd"), std::nullopt);
  auto c = config("");
  c.rootfs = rootfs_.path() / "nope";
  EXPECT_EQ(plan_process(c).argv, (std::vector<std::string>{"sh"}));
  write("file", "x");
  EXPECT_THROW(read_rootfs_file(rootfs_.path() / "file", "/etc/passwd"), Error)
      << "a rootfs that is not a directory is an error";
}

}  // namespace
}  // namespace berth::runtime
