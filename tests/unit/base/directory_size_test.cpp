#include "base/directory_size.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "base/fs.hpp"

namespace berth {
namespace directory_size_test {

void write_bytes(const fs::path& path, size_t n) {
  std::ofstream(path) << std::string(n, 'x');
}

TEST(DirectorySize, AddsTheFilesOfTheWholeTreeButNotTheDirectories) {
  TempDir dir;
  write_bytes(dir.path() / "a", 1000);
  fs::create_directories(dir.path() / "sub" / "deeper");
  write_bytes(dir.path() / "sub" / "b", 200);
  write_bytes(dir.path() / "sub" / "deeper" / "c", 30);
  write_bytes(dir.path() / "empty", 0);
  EXPECT_EQ(directory_size(dir.path()), 1230u);
}

TEST(DirectorySize, CountsAHardLinkedFileOnceAndASymlinkAsItself) {
  TempDir dir;
  write_bytes(dir.path() / "file", 4096);
  fs::create_hard_link(dir.path() / "file", dir.path() / "link");
  fs::create_symlink("file", dir.path() / "symlink");  // a symlink's size: its target's length
  EXPECT_EQ(directory_size(dir.path()), 4096u + 4u);
}

TEST(DirectorySize, AMissingDirectoryHoldsNothing) {
  TempDir dir;
  EXPECT_EQ(directory_size(dir.path() / "missing"), 0u);
}

}  // namespace directory_size_test
}  // namespace berth
