#include "base/fs.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "base/error.hpp"

namespace berth {
namespace {

TEST(AtomicFile, PublishesOnlyOnCommit) {
  TempDir dir;
  auto target = dir.path() / "file";
  {
    AtomicFile f(target, 0600);
    f.write("partial");
    EXPECT_FALSE(fs::exists(target));
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(dir.path())) << "an abandoned temp file was left behind";
  write_file_atomic(target, "whole", 0640);
  EXPECT_EQ(read_file(target), "whole");
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(AtomicFile, ReplacesExistingContent) {
  TempDir dir;
  write_file_atomic(dir.path() / "f", "one");
  write_file_atomic(dir.path() / "f", "two");
  EXPECT_EQ(read_file(dir.path() / "f"), "two");
}

TEST(WriteOutputFile, WritesIntoDevicesAndFifosInsteadOfReplacingThem) {
  TempDir dir;
  auto fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = read_file(fifo); });
  write_output_file(fifo, "through the pipe");
  reader.join();
  EXPECT_EQ(got, "through the pipe");
  struct stat st;
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced by a file";

  write_output_file("/dev/null", "discarded");
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));

  write_output_file(dir.path() / "plain", "published");
  EXPECT_EQ(read_file(dir.path() / "plain"), "published");
  EXPECT_FALSE(open_special_output(dir.path() / "plain").valid());
  EXPECT_FALSE(open_special_output(dir.path() / "missing").valid());
}

TEST(ReadFile, MissingFileIsNotFound) {
  TempDir dir;
  EXPECT_THROW(read_file(dir.path() / "nope"), NotFoundError);
}

TEST(TempDir, RemovesItselfUnlessReleased) {
  fs::path kept;
  {
    TempDir d;
    write_file_atomic(d.path() / "x", "y");
    kept = d.path();
  }
  EXPECT_FALSE(fs::exists(kept));
}

}  // namespace
}  // namespace berth

namespace berth {
namespace {

TEST(EnsureDirectory, SetsModeOnlyOnDirectoriesItCreates) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0751), 0);
  ensure_directory(dir.path() / "a" / "b", 0700);
  struct stat st {};
  ASSERT_EQ(::stat(dir.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0751u) << "an existing parent was re-moded";
  ASSERT_EQ(::stat((dir.path() / "a" / "b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  ensure_directory(dir.path(), 0700);
  ASSERT_EQ(::stat(dir.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0751u);
  write_file_atomic(dir.path() / "file", "x");
  EXPECT_THROW(ensure_directory(dir.path() / "file"), Error);
}

TEST(EnsureDirectory, MakesEveryMissingComponentAndNoneUnderAFile) {
  TempDir dir;
  ensure_directory(dir.path() / "a", 0755);
  ensure_directory(dir.path() / "a" / "b" / "c" / "d", 0700);
  struct stat st {};
  for (const char* made : {"a/b", "a/b/c", "a/b/c/d"}) {
    ASSERT_EQ(::stat((dir.path() / made).c_str(), &st), 0) << made;
    EXPECT_EQ(st.st_mode & 07777, 0700u) << made;
  }
  ASSERT_EQ(::stat((dir.path() / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  write_file_atomic(dir.path() / "file", "x");
  EXPECT_THROW(ensure_directory(dir.path() / "file" / "sub"), Error);
}

}  // namespace
}  // namespace berth
