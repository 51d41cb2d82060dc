// Build contexts: directories used in place with their .dockerignore, tar streams extracted
// safely (hostile archives refused or contained), and `build -` detection.
#include "build/context/build_context.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "build/dockerfile/source_error.hpp"
#include "context_test_util.hpp"

namespace berth::build {
namespace {

using namespace testing;

class BuildContextTest : public ::testing::Test {
 protected:
  TempDir tmp_;
  fs::path dir() const { return tmp_.path() / "ctx"; }
};

TEST_F(BuildContextTest, DirectoryLoadsCommonDockerignore) {
  write(dir() / "Dockerfile", "FROM scratch\n");
  write(dir() / ".dockerignore", "*.log\n");
  auto ctx = BuildContext::from_directory(dir(), dir() / "Dockerfile");
  EXPECT_EQ(ctx.ignore_file(), ".dockerignore");
  EXPECT_TRUE(ctx.is_ignored("debug.log"));
  EXPECT_FALSE(ctx.is_ignored("main.go"));
}

TEST_F(BuildContextTest, DockerfileSpecificIgnoreFileWins) {
  write(dir() / ".dockerignore", "*.log\n");
  write(dir() / "sub" / "Dockerfile.dev", "FROM scratch\n");
  write(dir() / "sub" / "Dockerfile.dev.dockerignore", "*.tmp\n");
  auto ctx = BuildContext::from_directory(dir(), dir() / "sub" / "Dockerfile.dev");
  EXPECT_TRUE(ctx.is_ignored("x.tmp"));
  EXPECT_FALSE(ctx.is_ignored("x.log"));
}

TEST_F(BuildContextTest, BadIgnoreFileNamesLine) {
  write(dir() / ".dockerignore", "ok\n[bad\n");
  try {
    BuildContext::from_directory(dir(), std::nullopt);
    FAIL();
  } catch (const SourceError& e) {
    EXPECT_EQ(e.where().file, ".dockerignore");
    EXPECT_EQ(e.where().line, 2);
  }
}

TEST_F(BuildContextTest, IgnoredDockerfileIsStillReadable) {
  // Docker always sends the Dockerfile and .dockerignore; COPY just cannot see them.
  write(dir() / "Dockerfile", "FROM scratch\n");
  write(dir() / ".dockerignore", "Dockerfile\n.dockerignore\n");
  auto ctx = BuildContext::from_directory(dir(), dir() / "Dockerfile");
  EXPECT_TRUE(ctx.is_ignored("Dockerfile"));
  EXPECT_EQ(ctx.read_unfiltered("Dockerfile"), "FROM scratch\n");
}

TEST_F(BuildContextTest, MissingDirectoryIsNotFound) {
  EXPECT_THROW(BuildContext::from_directory(dir() / "nope", std::nullopt), NotFoundError);
}

TEST_F(BuildContextTest, ReadUnfilteredStaysInside) {
  write(tmp_.path() / "secret", "host secret");
  fs::create_directories(dir());
  fs::create_symlink("../secret", dir() / "up");
  fs::create_symlink("/etc/passwd", dir() / "abs");
  auto ctx = BuildContext::from_directory(dir(), std::nullopt);
  EXPECT_EQ(ctx.read_unfiltered("up"), std::nullopt);
  EXPECT_EQ(ctx.read_unfiltered("abs"), std::nullopt);
  EXPECT_EQ(ctx.read_unfiltered("../secret"), std::nullopt);
}

class BuildContextTar : public ::testing::TestWithParam<Filter> {
 protected:
  TempDir tmp_;
};

TEST_P(BuildContextTar, ExtractsEveryCompression) {
  std::string tar =
      make_tar({tar_file("Dockerfile", "FROM scratch\n"), tar_dir("src", 0750),
                tar_file("src/main.c", "int main;", 0600), tar_symlink("link", "src/main.c"),
                tar_hardlink("hard", "src/main.c"), tar_file(".dockerignore", "*.o\n")},
               GetParam());
  InputFile in(tmp_.path(), tar);
  auto ctx = BuildContext::from_tar(in.fd(), tmp_.path());
  EXPECT_EQ(slurp(ctx.root() / "src/main.c"), "int main;");
  EXPECT_EQ(perm_of(ctx.root() / "src/main.c"), 0600u);
  EXPECT_EQ(perm_of(ctx.root() / "src"), 0750u);
  EXPECT_EQ(fs::read_symlink(ctx.root() / "link"), "src/main.c");
  EXPECT_EQ(lstat_of(ctx.root() / "hard").st_ino, lstat_of(ctx.root() / "src/main.c").st_ino);
  EXPECT_TRUE(ctx.is_ignored("x.o"));
  EXPECT_EQ(ctx.read_unfiltered("Dockerfile"), "FROM scratch\n");
  fs::path root = ctx.root();
  { auto gone = std::move(ctx); }
  EXPECT_FALSE(fs::exists(root)) << "the temp dir goes with the context";
}

INSTANTIATE_TEST_SUITE_P(Compressions, BuildContextTar,
                         ::testing::Values(Filter::kNone, Filter::kGzip, Filter::kBzip2,
                                           Filter::kXz, Filter::kZstd));

struct HostileCase {
  const char* name;
  std::vector<TarEntry> entries;
  const char* error;  // substring of the error, "" when the archive must be contained
};

class BuildContextHostileTar : public ::testing::TestWithParam<HostileCase> {};

TEST_P(BuildContextHostileTar, RefusedOrContained) {
  TempDir tmp;
  fs::path outside = tmp.path() / "outside";
  fs::path scratch = tmp.path() / "scratch";
  fs::create_directories(outside);
  fs::create_directories(scratch);
  InputFile in(tmp.path(), make_tar(GetParam().entries));
  std::string error;
  try {
    auto ctx = BuildContext::from_tar(in.fd(), scratch);
    // Contained: whatever the archive did, it stayed below the context root.
    for (const auto& e : fs::directory_iterator(scratch)) EXPECT_EQ(e.path(), ctx.root());
  } catch (const Error& e) {
    error = e.what();
  }
  if (*GetParam().error) {
    EXPECT_NE(error.find(GetParam().error), std::string::npos) << error;
  } else {
    EXPECT_EQ(error, "");
  }
  EXPECT_TRUE(fs::is_empty(outside));
  EXPECT_TRUE(fs::is_empty(scratch)) << "nothing left beside the (removed) context";
}

INSTANTIATE_TEST_SUITE_P(
    Archives, BuildContextHostileTar,
    ::testing::Values(
        HostileCase{"dotdot", {tar_file("../escaped", "x")}, "path escapes the destination"},
        HostileCase{"dotdot_deep", {tar_file("a/../../escaped", "x")}, "path escapes"},
        HostileCase{"absolute", {tar_file("/etc/passwd", "x")}, "absolute path not allowed"},
        HostileCase{"device", {{.path = "dev", .type = AE_IFCHR}}, "device nodes are not allowed"},
        HostileCase{"hardlink_out", {tar_hardlink("h", "../../etc/passwd")}, "escapes"},
        HostileCase{"hardlink_missing", {tar_hardlink("h", "nope")}, "does not exist"},
        // A symlink planted by the archive cannot redirect a later entry out of the root.
        HostileCase{"symlink_then_write",
                    {tar_symlink("evil", "../../outside"), tar_file("evil/pwned", "x")},
                    ""},
        HostileCase{"abs_symlink_then_write",
                    {tar_symlink("evil", "/"), tar_file("evil/escaped", "x")},
                    ""}),
    [](const auto& info) { return info.param.name; });

TEST(BuildContextLimits, EntryCountAndTotalSize) {
  TempDir tmp;
  image::TarLimits limits = image::kArchiveLimits;
  limits.max_entries = 3;
  InputFile many(tmp.path(), make_tar({tar_file("a", ""), tar_file("b", ""), tar_file("c", ""),
                                       tar_file("d", "")}));
  try {
    BuildContext::from_tar(many.fd(), tmp.path(), "Dockerfile", limits);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more than the limit of 3 entries"), std::string::npos);
  }
  limits = {};
  limits.max_total_bytes = 10;
  InputFile big(tmp.path(), make_tar({tar_file("a", "123456"), tar_file("b", "123456")}));
  try {
    BuildContext::from_tar(big.fd(), tmp.path(), "Dockerfile", limits);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("size limit of 10 bytes"), std::string::npos) << e.what();
  }
  limits = {};
  limits.max_entry_bytes = 4;
  InputFile one(tmp.path(), make_tar({tar_file("a", "123456")}));
  try {
    BuildContext::from_tar(one.fd(), tmp.path(), "Dockerfile", limits);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds the per-entry limit"), std::string::npos);
  }
}

TEST(BuildContextStdin, DockerfileOrArchiveByContent) {
  TempDir tmp;
  InputFile dockerfile(tmp.path(), "FROM busybox\nRUN true\n");
  auto plain = read_build_stdin(dockerfile.fd(), tmp.path());
  EXPECT_EQ(plain.dockerfile, "FROM busybox\nRUN true\n");
  EXPECT_TRUE(fs::is_empty(plain.context.root()));

  InputFile archive(tmp.path(), make_tar({tar_file("Dockerfile", "FROM x\n")}, Filter::kGzip));
  auto ctx = read_build_stdin(archive.fd(), tmp.path());
  EXPECT_EQ(ctx.dockerfile, std::nullopt);
  EXPECT_EQ(ctx.context.read_unfiltered("Dockerfile"), "FROM x\n");
}

}  // namespace
}  // namespace berth::build
