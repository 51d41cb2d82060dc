#include "image/layer/apply_layer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "layer_test_util.hpp"

namespace berth::image {
namespace {

namespace fs = std::filesystem;
using testing::dir;
using testing::file;
using testing::hardlink;
using ::testing::HasSubstr;
using testing::symlink;

class ApplyLayer : public ::testing::Test {
 protected:
  fs::path dest(const std::string& name = "dest") { return tmp_.path() / name; }
  std::string error_of(const std::string& data, ApplyOptions options = {}) {
    try {
      testing::apply_bytes(data, dest("err" + std::to_string(n_++)), options);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }
  TempDir tmp_;
  int n_ = 0;
};

std::vector<testing::TarEntry> sample_entries() {
  return {dir("etc"),
          file("etc/hostname", "box\n"),
          dir("usr/bin", 0750),
          file("usr/bin/tool", std::string(300000, 'x'), 0755),
          symlink("bin", "usr/bin"),
          hardlink("usr/bin/tool2", "usr/bin/tool"),
          file("empty", "")};
}

TEST_F(ApplyLayer, PlainGzipAndZstdGiveTheSameTreeAndDiffId) {
  // usr is listed so that no directory gets "now" as its mtime: the three unpacks may straddle
  // a second.
  auto entries = sample_entries();
  entries.insert(entries.begin(), dir("usr"));
  std::string tar = testing::make_tar(entries);
  Digest expected = Digest::sha256_of(tar);
  auto plain = testing::apply_bytes(tar, dest("plain"));
  auto gz = testing::apply_bytes(testing::gzip(tar), dest("gz"));
  auto zs = testing::apply_bytes(testing::zstd(tar), dest("zs"));
  EXPECT_EQ(plain.compression, Compression::kNone);
  EXPECT_EQ(gz.compression, Compression::kGzip);
  EXPECT_EQ(zs.compression, Compression::kZstd);
  EXPECT_EQ(plain.diff_id, expected);
  EXPECT_EQ(gz.diff_id, expected);
  EXPECT_EQ(zs.diff_id, expected);
  EXPECT_EQ(plain.entries, 8u);
  // Docker's count (its overlay2 diff size): files once (the hard link adds nothing) and the
  // symlink's target, "usr/bin".
  EXPECT_EQ(plain.unpacked_bytes, 4u + 300000u + 7u);
  auto m = testing::manifest(dest("plain"));
  EXPECT_EQ(m, testing::manifest(dest("gz")));
  EXPECT_EQ(m, testing::manifest(dest("zs")));
  EXPECT_EQ(testing::read_all(dest("plain") / "etc/hostname"), "box\n");
}

TEST_F(ApplyLayer, DiffIdCoversTrailingPadding) {
  // Tars are often padded to a 10 KiB record; libarchive stops at the end marker.
  std::string tar = testing::make_tar({file("a", "1")});
  tar.append(20480, '\0');
  auto r = testing::apply_bytes(testing::gzip(tar), dest());
  EXPECT_EQ(r.diff_id, Digest::sha256_of(tar));
}

TEST_F(ApplyLayer, LargeLayerCrossesManyChunks) {
  std::vector<testing::TarEntry> entries;
  std::string big;
  for (uint32_t i = 0; i < (5u << 20); ++i) big.push_back(static_cast<char>((i * 7919u) >> 5));
  entries.push_back(file("big", big));
  for (int i = 0; i < 300; ++i)
    entries.push_back(file("small/" + std::to_string(i), "x" + std::to_string(i)));
  std::string tar = testing::make_tar(entries);
  auto r = testing::apply_bytes(testing::gzip(tar), dest());
  EXPECT_EQ(r.diff_id, Digest::sha256_of(tar));
  EXPECT_EQ(testing::read_all(dest() / "big"), big);
  EXPECT_EQ(testing::read_all(dest() / "small/299"), "x299");
}

TEST_F(ApplyLayer, OnRawBytesSeesExactlyTheInput) {
  std::string gz = testing::gzip(testing::make_tar(sample_entries()));
  std::string seen;
  ApplyOptions options;
  options.on_raw_bytes = [&](const void* p, size_t n) {
    seen.append(static_cast<const char*>(p), n);
  };
  testing::apply_bytes(gz, dest(), options);
  EXPECT_EQ(seen, gz);
}

TEST_F(ApplyLayer, OnRawBytesErrorFailsTheApply) {
  ApplyOptions options;
  options.on_raw_bytes = [](const void*, size_t) { throw Error("disk full"); };
  EXPECT_THAT(error_of(testing::make_tar(sample_entries()), options), HasSubstr("disk full"));
}

TEST_F(ApplyLayer, EmptyInputIsAnEmptyLayer) {
  auto r = testing::apply_bytes("", dest());
  EXPECT_EQ(r.entries, 0u);
  EXPECT_EQ(r.diff_id, Digest::sha256_of(""));
}

TEST_F(ApplyLayer, WhiteoutsBecomeCharDevices) {
  std::string tar =
      testing::make_tar({dir("etc"), file("etc/.wh.passwd", ""), file(".wh.gone", "")});
  testing::apply_bytes(tar, dest());
  for (const char* p : {"etc/passwd", "gone"}) {
    struct stat st;
    ASSERT_EQ(::lstat((dest() / p).c_str(), &st), 0) << p;
    EXPECT_TRUE(S_ISCHR(st.st_mode)) << p;
    EXPECT_EQ(st.st_rdev, makedev(0, 0)) << p;
  }
  EXPECT_FALSE(fs::exists(dest() / "etc/.wh.passwd"));
}

TEST_F(ApplyLayer, OpaqueDirGetsTheUserXattrWhenUnprivileged) {
  std::string tar = testing::make_tar(
      {dir("var/cache"), file("var/cache/.wh..wh..opq", ""), file("var/cache/kept", "k")});
  ApplyOptions options;
  options.privileged = false;
  testing::apply_bytes(tar, dest(), options);
  char v[8];
  ASSERT_EQ(::lgetxattr((dest() / "var/cache").c_str(), "user.overlay.opaque", v, sizeof v), 1);
  EXPECT_EQ(v[0], 'y');
  EXPECT_FALSE(fs::exists(dest() / "var/cache/.wh..wh..opq"));
  EXPECT_TRUE(fs::exists(dest() / "var/cache/kept"));
}

TEST_F(ApplyLayer, OpaqueXattrNameCanBeChosen) {
  std::string tar = testing::make_tar({dir("d"), file("d/.wh..wh..opq", "")});
  ApplyOptions options;
  options.opaque_xattr = "user.custom.opaque";
  testing::apply_bytes(tar, dest(), options);
  char v[8];
  EXPECT_EQ(::lgetxattr((dest() / "d").c_str(), "user.custom.opaque", v, sizeof v), 1);
}

TEST_F(ApplyLayer, ModesIncludingSetuidSetgidSticky) {
  std::string tar = testing::make_tar({file("suid", "x", 04755), file("sgid", "x", 02711),
                                       dir("tmp", 01777), file("ro", "x", 0444),
                                       dir("locked", 0500), file("locked/inside", "x", 0600)});
  testing::apply_bytes(tar, dest());
  auto mode = [&](const char* p) {
    struct stat st;
    ::lstat((dest() / p).c_str(), &st);
    return st.st_mode & 07777;
  };
  EXPECT_EQ(mode("suid"), 04755u);
  EXPECT_EQ(mode("sgid"), 02711u);
  EXPECT_EQ(mode("tmp"), 01777u);
  EXPECT_EQ(mode("ro"), 0444u);
  EXPECT_EQ(mode("locked"), 0500u);
  EXPECT_EQ(mode("locked/inside"), 0600u);
  ::chmod((dest() / "locked").c_str(), 0700);  // let TempDir clean up as non-root
}

TEST_F(ApplyLayer, MtimesIncludingDirectoriesAndSymlinks) {
  auto d = dir("d");
  d.mtime = 1000000000;
  auto f = file("d/f", "x");
  f.mtime = 1100000000;
  auto l = symlink("d/l", "f");
  l.mtime = 1200000000;
  testing::apply_bytes(testing::make_tar({d, f, l, file("d/later", "y")}), dest());
  struct stat st;
  ::lstat((dest() / "d").c_str(), &st);
  EXPECT_EQ(st.st_mtim.tv_sec, 1000000000);  // set after its children were created
  ::lstat((dest() / "d/f").c_str(), &st);
  EXPECT_EQ(st.st_mtim.tv_sec, 1100000000);
  ::lstat((dest() / "d/l").c_str(), &st);
  EXPECT_EQ(st.st_mtim.tv_sec, 1200000000);
}

TEST_F(ApplyLayer, SymlinksAreStoredNotFollowed) {
  testing::apply_bytes(testing::make_tar({symlink("abs", "/etc/passwd"), symlink("up", "../../x"),
                                          dir("lib"), symlink("lib64", "lib")}),
                       dest());
  EXPECT_EQ(fs::read_symlink(dest() / "abs"), "/etc/passwd");
  EXPECT_EQ(fs::read_symlink(dest() / "up"), "../../x");
}

TEST_F(ApplyLayer, WritesThroughSymlinksInsideTheRoot) {
  testing::apply_bytes(
      testing::make_tar({dir("usr/lib"), symlink("lib", "usr/lib"), file("lib/x.so", "so")}),
      dest());
  EXPECT_EQ(testing::read_all(dest() / "usr/lib/x.so"), "so");
}

TEST_F(ApplyLayer, HardlinksShareTheInode) {
  testing::apply_bytes(testing::make_tar(sample_entries()), dest());
  struct stat a, b;
  ::lstat((dest() / "usr/bin/tool").c_str(), &a);
  ::lstat((dest() / "usr/bin/tool2").c_str(), &b);
  EXPECT_EQ(a.st_ino, b.st_ino);
  EXPECT_EQ(a.st_nlink, 2u);
}

TEST_F(ApplyLayer, LaterEntriesReplaceEarlierOnes) {
  testing::apply_bytes(
      testing::make_tar({file("f", "old"), file("f", "new"), dir("d"), file("d/x", "x"),
                         file("d", "now a file"), symlink("s", "f"), file("s", "plain"), dir("m"),
                         file("m/1", "1"), dir("m", 0700), file("m/2", "2")}),
      dest());
  EXPECT_EQ(testing::read_all(dest() / "f"), "new");
  EXPECT_EQ(testing::read_all(dest() / "d"), "now a file");
  EXPECT_FALSE(fs::is_symlink(dest() / "s"));
  EXPECT_EQ(testing::read_all(dest() / "s"), "plain");
  EXPECT_EQ(testing::read_all(dest() / "f"), "new");  // not written through the symlink
  EXPECT_TRUE(fs::exists(dest() / "m/1"));            // directories merge
  EXPECT_TRUE(fs::exists(dest() / "m/2"));
}

TEST_F(ApplyLayer, FileOverSymlinkNeverFollowsIt) {
  fs::create_directories(dest("outside"));
  testing::apply_bytes(testing::make_tar({symlink("link", "../outside/victim"), file("link", "x")}),
                       dest());
  EXPECT_FALSE(fs::exists(dest("outside") / "victim"));
  EXPECT_EQ(testing::read_all(dest() / "link"), "x");
}

TEST_F(ApplyLayer, AbsolutePathsAreContained) {
  testing::apply_bytes(testing::make_tar({file("/etc/x", "contained")}), dest());
  EXPECT_EQ(testing::read_all(dest() / "etc/x"), "contained");
}

TEST_F(ApplyLayer, MissingParentsAreCreated) {
  testing::apply_bytes(testing::make_tar({file("a/b/c/d", "deep")}), dest());
  EXPECT_EQ(testing::read_all(dest() / "a/b/c/d"), "deep");
}

TEST_F(ApplyLayer, UserXattrsAreAppliedAndOverlayOnesRefused) {
  auto f = file("f", "x");
  f.xattrs = {
      {"user.note", "hi"}, {"user.overlay.opaque", "y"}, {"trusted.overlay.redirect", "/x"}};
  ApplyOptions options;
  options.privileged = false;
  testing::apply_bytes(testing::make_tar({f}), dest(), options);
  char v[8];
  EXPECT_EQ(::lgetxattr((dest() / "f").c_str(), "user.note", v, sizeof v), 2);
  EXPECT_LT(::lgetxattr((dest() / "f").c_str(), "user.overlay.opaque", v, sizeof v), 0);
}

TEST_F(ApplyLayer, DevicesAreSkippedWhenUnprivileged) {
  testing::TarEntry dev{.path = "dev/null", .type = AE_IFCHR, .perm = 0666, .rdev = makedev(1, 3)};
  testing::TarEntry fifo{.path = "fifo", .type = AE_IFIFO, .perm = 0600};
  ApplyOptions options;
  options.privileged = false;
  auto r = testing::apply_bytes(testing::make_tar({dir("dev"), dev, fifo}), dest(), options);
  EXPECT_EQ(r.entries, 3u);
  EXPECT_FALSE(fs::exists(dest() / "dev/null"));
  EXPECT_TRUE(fs::is_fifo(dest() / "fifo"));
}

TEST_F(ApplyLayer, PrivilegedOwnershipAndDevices) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: chown and mknod of real devices";
  auto f = file("owned", "x", 04750);
  f.uid = 1234;
  f.gid = 5678;
  auto d = dir("d", 0750);
  d.uid = 42;
  d.gid = 43;
  auto l = symlink("l", "owned");
  l.uid = 7;
  l.gid = 8;
  testing::TarEntry dev{
      .path = "null", .type = AE_IFCHR, .perm = 0666, .uid = 0, .rdev = makedev(1, 3)};
  testing::TarEntry blk{.path = "loop", .type = AE_IFBLK, .perm = 0660, .rdev = makedev(7, 0)};
  auto t = file("trusted", "x");
  t.xattrs = {{"trusted.berth.test", "v"}};
  ApplyOptions options;
  options.privileged = true;
  testing::apply_bytes(
      testing::make_tar({f, d, l, dev, blk, t, dir("o"), file("o/.wh..wh..opq", "")}), dest(),
      options);
  struct stat st;
  ::lstat((dest() / "owned").c_str(), &st);
  EXPECT_EQ(st.st_uid, 1234u);
  EXPECT_EQ(st.st_gid, 5678u);
  EXPECT_EQ(st.st_mode & 07777, 04750u);  // setuid survives the chown
  ::lstat((dest() / "d").c_str(), &st);
  EXPECT_EQ(st.st_uid, 42u);
  ::lstat((dest() / "l").c_str(), &st);
  EXPECT_EQ(st.st_uid, 7u);
  ::lstat((dest() / "null").c_str(), &st);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  ::lstat((dest() / "loop").c_str(), &st);
  EXPECT_TRUE(S_ISBLK(st.st_mode));
  char v[8];
  EXPECT_EQ(::lgetxattr((dest() / "trusted").c_str(), "trusted.berth.test", v, sizeof v), 1);
  EXPECT_EQ(::lgetxattr((dest() / "o").c_str(), "trusted.overlay.opaque", v, sizeof v), 1);
}

TEST_F(ApplyLayer, EntrySizeLimitIsCheckedBeforeWriting) {
  ApplyOptions options;
  options.limits.max_entry_bytes = 1000;
  EXPECT_EQ(error_of(testing::make_tar({file("big", std::string(2000, 'x'))}), options),
            "layer entry \"big\": size 2000 exceeds the per-entry limit of 1000 bytes");
}

TEST_F(ApplyLayer, DecompressionBombStopsAtTheUnpackedLimit) {
  std::vector<testing::TarEntry> entries;
  for (int i = 0; i < 8; ++i)
    entries.push_back(file("zeros" + std::to_string(i), std::string(1 << 20, '\0')));
  ApplyOptions options;
  options.limits.max_total_bytes = 3 << 20;
  EXPECT_EQ(error_of(testing::gzip(testing::make_tar(entries)), options),
            "layer entry \"zeros3\": layer exceeds the unpacked size limit of 3145728 bytes");
}

TEST_F(ApplyLayer, PaddingBombStopsAtTheStreamLimit) {
  std::string tar = testing::make_tar({file("a", "1")});
  tar.append(64 << 20, '\0');
  ApplyOptions options;
  options.limits.max_total_bytes = 1 << 20;
  options.limits.max_entries = 10;
  EXPECT_THAT(error_of(testing::zstd(tar), options),
              HasSubstr("uncompressed layer exceeds the limit of"));
}

TEST_F(ApplyLayer, TooManyEntries) {
  ApplyOptions options;
  options.limits.max_entries = 2;
  EXPECT_EQ(error_of(testing::make_tar({file("a", ""), file("b", ""), file("c", "")}), options),
            "layer entry \"c\": layer has more than the limit of 2 entries");
}

TEST_F(ApplyLayer, TruncatedGzipNamesTheEntry) {
  std::string gz =
      testing::gzip(testing::make_tar({file("a", "1"), file("big", std::string(200000, 'q'))}));
  gz.resize(gz.size() - 30);
  EXPECT_THAT(error_of(gz), HasSubstr("gzip: unexpected end of compressed stream"));
}

TEST_F(ApplyLayer, ConcatenatedGzipMembersAreOneStream) {
  std::string tar = testing::make_tar(sample_entries());
  std::string gz = testing::gzip(tar.substr(0, 1000)) + testing::gzip(tar.substr(1000));
  auto r = testing::apply_bytes(gz, dest());
  EXPECT_EQ(r.diff_id, Digest::sha256_of(tar));
}

TEST_F(ApplyLayer, GarbageIsNotATar) {
  EXPECT_THAT(error_of(std::string(5000, 'z')),
              HasSubstr("layer (before the first entry): corrupt tar:"));
}

}  // namespace
}  // namespace berth::image
