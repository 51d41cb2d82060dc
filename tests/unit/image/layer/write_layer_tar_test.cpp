#include "image/layer/write_layer_tar.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "image/layer/apply_layer.hpp"
#include "layer_test_util.hpp"

namespace berth::image {
namespace {

namespace fs = std::filesystem;
using testing::dir;
using ::testing::ElementsAre;
using testing::file;
using testing::hardlink;
using testing::symlink;

class WriteLayerTar : public ::testing::Test {
 protected:
  TempDir tmp_;
};

TEST_F(WriteLayerTar, RoundTripGivesAnIdenticalTree) {
  auto noted = file("etc/noted", "n", 0640);
  noted.xattrs = {{"user.note", "hello"}};
  auto old = dir("old", 0700);
  old.mtime = 1000000000;
  std::vector<testing::TarEntry> entries = {
      dir("etc"),
      file("etc/hostname", "box\n"),
      noted,
      dir("usr/bin", 0750),
      file("usr/bin/tool", std::string(300000, 'x'), 04755),
      hardlink("usr/bin/tool2", "usr/bin/tool"),
      symlink("bin", "usr/bin"),
      symlink("dangling", "/nowhere"),
      dir("tmp", 01777),
      old,
      file("old/.wh.deleted", ""),
      dir("cache"),
      file("cache/.wh..wh..opq", ""),
      file("cache/new", "fresh"),
      testing::TarEntry{.path = "pipe", .type = AE_IFIFO, .perm = 0620},
      file("a.txt", "sorted before a/"),
      dir("a"),
      file("a/z", "z"),
  };
  ApplyOptions options;
  options.privileged = false;  // user.overlay.opaque works for root and non-root alike
  testing::apply_bytes(testing::make_tar(entries), tmp_.path() / "one", options);

  DiffResult diff;
  std::string tar = testing::diff_to_string(tmp_.path() / "one", tmp_.path(), &diff);
  EXPECT_EQ(diff.diff_id, Digest::sha256_of(tar));
  EXPECT_EQ(diff.size, tar.size());
  auto applied = testing::apply_bytes(tar, tmp_.path() / "two", options);
  EXPECT_EQ(applied.diff_id, diff.diff_id);

  EXPECT_EQ(testing::manifest(tmp_.path() / "one"), testing::manifest(tmp_.path() / "two"));
  struct stat a, b;
  ::lstat((tmp_.path() / "two/usr/bin/tool").c_str(), &a);
  ::lstat((tmp_.path() / "two/usr/bin/tool2").c_str(), &b);
  EXPECT_EQ(a.st_ino, b.st_ino);
}

TEST_F(WriteLayerTar, WhiteoutDevicesAndOpaqueDirsBecomeMarkers) {
  fs::path upper = tmp_.path() / "upper";
  fs::create_directories(upper / "etc");
  fs::create_directories(upper / "var/cache");
  ASSERT_EQ(::mknod((upper / "etc/passwd").c_str(), S_IFCHR, makedev(0, 0)), 0)
      << "whiteout mknod: " << std::strerror(errno);
  ASSERT_EQ(::setxattr((upper / "var/cache").c_str(), "user.overlay.opaque", "y", 1, 0), 0);
  ASSERT_EQ(::setxattr((upper / "var/cache").c_str(), "user.overlay.origin", "z", 1, 0), 0);
  write_file_atomic(upper / "var/cache/kept", "k");

  std::string tar = testing::diff_to_string(upper, tmp_.path());
  EXPECT_THAT(testing::tar_names(tar), ElementsAre("etc/", "etc/.wh.passwd", "var/", "var/cache/",
                                                   "var/cache/.wh..wh..opq", "var/cache/kept"));

  // Applied again, the markers turn back into a whiteout and an opaque directory, and
  // overlayfs's own xattrs did not travel.
  ApplyOptions options;
  options.privileged = false;
  testing::apply_bytes(tar, tmp_.path() / "lower", options);
  struct stat st;
  ASSERT_EQ(::lstat((tmp_.path() / "lower/etc/passwd").c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  char v[4];
  EXPECT_EQ(::lgetxattr((tmp_.path() / "lower/var/cache").c_str(), "user.overlay.opaque", v, 4), 1);
  EXPECT_LT(::lgetxattr((tmp_.path() / "lower/var/cache").c_str(), "user.overlay.origin", v, 4), 0);
}

TEST_F(WriteLayerTar, OpaqueXattrCanBeRestrictedToOneName) {
  fs::path upper = tmp_.path() / "upper";
  fs::create_directories(upper / "d");
  ASSERT_EQ(::setxattr((upper / "d").c_str(), "user.overlay.opaque", "y", 1, 0), 0);
  DiffOptions options;
  options.opaque_xattr = "trusted.overlay.opaque";
  EXPECT_THAT(testing::tar_names(testing::diff_to_string(upper, tmp_.path(), nullptr, options)),
              ElementsAre("d/"));
}

TEST_F(WriteLayerTar, OutputIsDeterministicAndEndsWithTheEndMarker) {
  fs::path upper = tmp_.path() / "upper";
  fs::create_directories(upper / "b");
  write_file_atomic(upper / "b/2", "two");
  write_file_atomic(upper / "a", "one");
  std::string first = testing::diff_to_string(upper, tmp_.path());
  std::string second = testing::diff_to_string(upper, tmp_.path());
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.size() % 512, 0u);
  EXPECT_EQ(first.substr(first.size() - 1024), std::string(1024, '\0'));
  EXPECT_THAT(testing::tar_names(first), ElementsAre("a", "b/", "b/2"));
}

TEST_F(WriteLayerTar, MissingDirectoryIsAnError) {
  EXPECT_THROW(testing::diff_to_string(tmp_.path() / "nope", tmp_.path()), Error);
}

}  // namespace
}  // namespace berth::image
