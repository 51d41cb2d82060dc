#include "base/safe_fs/remove_tree.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/fs.hpp"
#include "base/unique_fd.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

TEST(RemoveTreeAt, RemovesSymlinksNotWhatTheyPointTo) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "outside");
  std::ofstream(tmp.path() / "outside" / "keep") << "x";
  fs::create_directories(tmp.path() / "root/tree/deep");
  std::ofstream(tmp.path() / "root/tree/deep/f") << "x";
  fs::create_symlink("../../outside", tmp.path() / "root/tree/link");
  fs::create_symlink(tmp.path() / "outside", tmp.path() / "root/tree/deep/absolute");
  UniqueFd root(::open((tmp.path() / "root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));

  EXPECT_EQ(remove_tree_at(root.get(), "tree"), 0);
  EXPECT_FALSE(fs::exists(fs::symlink_status(tmp.path() / "root/tree")));
  EXPECT_TRUE(fs::exists(tmp.path() / "outside" / "keep"));
  EXPECT_EQ(remove_tree_at(root.get(), "tree"), -ENOENT);

  fs::create_symlink("../outside", tmp.path() / "root/link");
  EXPECT_EQ(remove_tree_at(root.get(), "link"), 0);
  EXPECT_TRUE(fs::exists(tmp.path() / "outside" / "keep"));
}

}  // namespace
}  // namespace berth
