#include "base/safe_fs/mkdir_all.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

class MkdirAllTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root_);
    fs::create_directories(outside_);
    root_fd_.reset(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(root_fd_.valid());
  }
  int mkdir_all(std::string_view path, Confinement c, std::string* failed_at = nullptr) {
    int fd = mkdir_all_confined(root_fd_.get(), path, 0750, c, {}, failed_at);
    if (fd >= 0) ::close(fd);
    return fd;
  }
  bool outside_untouched() const { return fs::is_empty(outside_); }

  TempDir tmp_;
  fs::path root_ = tmp_.path() / "root";
  fs::path outside_ = tmp_.path() / "outside";
  UniqueFd root_fd_;
};

TEST_F(MkdirAllTest, CreatesEveryMissingComponentWithTheExactMode) {
  std::vector<std::string> created;
  UniqueFd fd = make_dirs_in_root(root_fd_.get(), "a/b/c", 0750,
                                  [&](int, const char* name) { created.emplace_back(name); });
  EXPECT_TRUE(fd.valid());
  EXPECT_TRUE(fs::is_directory(root_ / "a/b/c"));
  EXPECT_EQ(created, (std::vector<std::string>{"a", "b", "c"}));
  struct stat st;
  ASSERT_EQ(::stat((root_ / "a/b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
  created.clear();
  make_dirs_in_root(root_fd_.get(), "a/b/c", 0750,
                    [&](int, const char* name) { created.emplace_back(name); });
  EXPECT_TRUE(created.empty());
}

TEST_F(MkdirAllTest, InRootFollowsSymlinksInsideTheRoot) {
  fs::create_symlink("/made/here", root_ / "absolute");  // dangling, absolute
  fs::create_symlink("../../outside", root_ / "climb");  // dangling, climbing
  EXPECT_GE(mkdir_all("absolute/sub", Confinement::kInRoot), 0);
  EXPECT_TRUE(fs::is_directory(root_ / "made/here/sub"));
  EXPECT_GE(mkdir_all("climb/sub", Confinement::kInRoot), 0);
  EXPECT_TRUE(fs::is_directory(root_ / "outside/sub"));
  EXPECT_TRUE(outside_untouched());
}

TEST_F(MkdirAllTest, BeneathRefusesSymlinksThatLeave) {
  fs::create_symlink("/", root_ / "absolute");
  fs::create_symlink("../outside", root_ / "climb");
  std::string at;
  EXPECT_EQ(mkdir_all("absolute/tmp/x", Confinement::kBeneath, &at), -EXDEV);
  EXPECT_EQ(at, "absolute");
  EXPECT_EQ(mkdir_all("climb/sub", Confinement::kBeneath, &at), -EXDEV);
  EXPECT_EQ(at, "climb");
  EXPECT_TRUE(outside_untouched());
  fs::create_directories(root_ / "d");
  fs::create_symlink("d", root_ / "inside");
  EXPECT_GE(mkdir_all("inside/sub", Confinement::kBeneath), 0);
  EXPECT_TRUE(fs::is_directory(root_ / "d/sub"));
}

TEST_F(MkdirAllTest, SymlinkLoopsAndFilesFail) {
  fs::create_symlink("loop2", root_ / "loop1");
  fs::create_symlink("loop1", root_ / "loop2");
  std::ofstream(root_ / "file") << "x";
  for (auto c : {Confinement::kInRoot, Confinement::kBeneath}) {
    EXPECT_LT(mkdir_all("loop1/x", c), 0);
    std::string at;
    EXPECT_EQ(mkdir_all("file/x", c, &at), -ENOTDIR);
    EXPECT_EQ(at, "file");
  }
  try {
    make_dirs_in_root(root_fd_.get(), "file/x", 0755);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "\"/file\" exists and is not a directory");
  }
}

TEST_F(MkdirAllTest, OpenDirInRootSaysWhatIsMissing) {
  EXPECT_THROW(open_dir_in_root(root_fd_.get(), "nothere", "/nothere"), NotFoundError);
  fs::create_symlink("/", root_ / "up");
  EXPECT_TRUE(open_dir_in_root(root_fd_.get(), "up", "/up").valid());
}

}  // namespace
}  // namespace berth
