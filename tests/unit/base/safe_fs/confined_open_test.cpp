// Both resolve modes against the escapes a hostile tree plants: an absolute symlink, a
// symlink climbing out with "..", a ".." in the path itself, and a symlink loop. kInRoot must
// land inside the root (as a chroot would), kBeneath must refuse (EXDEV); neither may ever
// reach the sibling directory "outside".
#include "base/safe_fs/confined_open.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

std::string read_fd(int fd) {
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf);
  return n < 0 ? "" : std::string(buf, static_cast<size_t>(n));
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

class ConfinedOpenTest : public ::testing::TestWithParam<Confinement> {
 protected:
  void SetUp() override {
    fs::create_directories(root_ / "etc");
    fs::create_directories(root_ / "outside");
    fs::create_directories(outside_);
    write_text(root_ / "etc" / "passwd", "inside");
    write_text(root_ / "outside" / "f", "inside");
    write_text(outside_ / "f", "OUTSIDE");
    fs::create_symlink("/etc", root_ / "absolute");
    fs::create_symlink("../outside", root_ / "climb");
    fs::create_symlink("loop2", root_ / "loop1");
    fs::create_symlink("loop1", root_ / "loop2");
    fs::create_symlink("etc/passwd", root_ / "relative");
    root_fd_.reset(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(root_fd_.valid());
  }

  // The content read through `path`, or "errno N".
  std::string read(const std::string& path) {
    int fd = openat2_confined(root_fd_.get(), path, {GetParam(), O_RDONLY, 0, false});
    if (fd < 0) return "errno " + std::to_string(-fd);
    UniqueFd owned(fd);
    return read_fd(fd);
  }

  bool in_root() const { return GetParam() == Confinement::kInRoot; }
  std::string exdev() const { return "errno " + std::to_string(EXDEV); }

  TempDir tmp_;
  fs::path root_ = tmp_.path() / "root";
  fs::path outside_ = tmp_.path() / "outside";
  UniqueFd root_fd_;
};

TEST_P(ConfinedOpenTest, FollowsSymlinksThatStayInside) {
  EXPECT_EQ(read("relative"), "inside");
  EXPECT_EQ(read("etc/../etc/passwd"), "inside");
  EXPECT_EQ(read("missing"), "errno " + std::to_string(ENOENT));
}

TEST_P(ConfinedOpenTest, AbsoluteSymlinkStaysInTheRoot) {
  EXPECT_EQ(read("absolute/passwd"), in_root() ? "inside" : exdev());
}

TEST_P(ConfinedOpenTest, DotDotSymlinkStaysInTheRoot) {
  EXPECT_EQ(read("climb/f"), in_root() ? "inside" : exdev());
}

TEST_P(ConfinedOpenTest, DotDotInThePathStaysInTheRoot) {
  EXPECT_EQ(read("../outside/f"), in_root() ? "inside" : exdev());
  EXPECT_EQ(read("/outside/f"), in_root() ? "inside" : exdev());
}

TEST_P(ConfinedOpenTest, SymlinkLoopFails) {
  EXPECT_EQ(read("loop1"), "errno " + std::to_string(ELOOP));
  EXPECT_EQ(read("loop1/x"), "errno " + std::to_string(ELOOP));
}

TEST_P(ConfinedOpenTest, CreatesOnlyInsideTheRoot) {
  int fd = openat2_confined(root_fd_.get(), "climb/new",
                            {GetParam(), O_WRONLY | O_CREAT | O_EXCL, 0600, false});
  if (fd >= 0) ::close(fd);
  EXPECT_EQ(fd >= 0, in_root());
  EXPECT_EQ(fs::exists(root_ / "outside" / "new"), in_root());
  EXPECT_FALSE(fs::exists(outside_ / "new"));
}

TEST_P(ConfinedOpenTest, MagicLinksAreRefused) {
  fs::create_symlink("/proc/self/root", root_ / "magic");
  int fd = openat2_confined(root_fd_.get(), "magic/etc", {GetParam(), O_PATH, 0, false});
  if (fd >= 0) ::close(fd);
  EXPECT_LT(fd, 0);  // inside the root "/proc" is missing; it must never be the host's
}

INSTANTIATE_TEST_SUITE_P(Modes, ConfinedOpenTest,
                         ::testing::Values(Confinement::kInRoot, Confinement::kBeneath),
                         [](const auto& info) {
                           return info.param == Confinement::kInRoot ? "InRoot" : "Beneath";
                         });

TEST(ConfinedOpen, ThrowingFormsNameThePath) {
  TempDir tmp;
  UniqueFd root(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  EXPECT_THROW(open_in_root(root.get(), "nothere", O_RDONLY, "open \"/nothere\""), NotFoundError);
  fs::create_symlink("/", tmp.path() / "up");
  try {
    open_beneath(root.get(), "up/etc", O_PATH, "open \"up/etc\"");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "open \"up/etc\": the path leads outside its root");
  }
  EXPECT_TRUE(open_in_root(root.get(), "", O_PATH | O_DIRECTORY, "the root").valid());
}

TEST(ConfinedOpen, OldKernelsAreNamed) {
  try {
    throw_confined_open_error("reading /etc/passwd", ENOSYS);
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "reading /etc/passwd needs openat2 (Linux 5.6 or newer)");
  }
}

}  // namespace
}  // namespace berth
