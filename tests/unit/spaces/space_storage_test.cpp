#include "spaces/space_storage.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"

// A namespace of its own: the unity build joins this directory's tests into one file.
namespace berth::spaces::space_storage_test {
namespace {

namespace fs = std::filesystem;

// A file with its directories made.
void put(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  write_file_atomic(path, content, 0644);
}

TEST(SpaceStorage, RemovesTheImageAndDataWithoutFollowingLinks) {
  TempDir root;
  auto space = root.path() / "alice" / "demo";
  put(space / "data.img", "ext4");
  put(space / "data" / "sub" / "file", "x");
  put(root.path() / "outside" / "keep", "keep");
  // The app's links: to a directory and a file outside /data.
  fs::create_directory_symlink(root.path() / "outside", space / "data" / "link");
  fs::create_symlink(root.path() / "outside" / "keep", space / "data" / "sub" / "keep");
  put(space / "repo.git" / "HEAD", "ref: refs/heads/main\n");

  remove_space_data(space);
  EXPECT_FALSE(fs::exists(space / "data.img"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(space / "data")));
  EXPECT_EQ(read_file(root.path() / "outside" / "keep"), "keep");
  EXPECT_TRUE(fs::exists(space / "repo.git" / "HEAD"));
  // Nothing left to remove is not an error.
  EXPECT_NO_THROW(remove_space_data(space));
  EXPECT_NO_THROW(remove_space_data(root.path() / "nobody"));
}

}  // namespace
}  // namespace berth::spaces::space_storage_test
