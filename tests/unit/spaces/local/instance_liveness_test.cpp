#include "spaces/local/instance_liveness.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "base/fs.hpp"

namespace berth::spaces {
namespace {

// A child that stands for a shim: it lives until killed.
class FakeShim {
 public:
  FakeShim() : pid_(::fork()) {
    if (pid_ == 0) {
      ::pause();
      ::_exit(0);
    }
  }
  ~FakeShim() { end(); }
  void end() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

TEST(InstanceLiveness, AnUnwatchedInstanceIsLeftToTheRecord) {
  InstanceLiveness liveness;
  EXPECT_EQ(liveness.alive("space-1"), std::nullopt);
}

TEST(InstanceLiveness, AliveWhileTheShimLivesAndNoExitIsRecorded) {
  TempDir dir;
  FakeShim shim;
  ASSERT_GT(shim.pid(), 0);
  InstanceLiveness liveness;
  ASSERT_TRUE(liveness.watch("space-1", shim.pid(), dir.path() / "exit"));
  EXPECT_EQ(liveness.alive("space-1"), true);
  EXPECT_EQ(liveness.alive("space-1"), true);
  EXPECT_EQ(liveness.alive("space-2"), std::nullopt);
}

TEST(InstanceLiveness, ARecordedExitEndsTheWatch) {
  TempDir dir;
  FakeShim shim;
  InstanceLiveness liveness;
  ASSERT_TRUE(liveness.watch("space-1", shim.pid(), dir.path() / "exit"));
  std::ofstream(dir.path() / "exit") << "{}";
  EXPECT_EQ(liveness.alive("space-1"), false);
  // Ended: the next question goes to the record again.
  EXPECT_EQ(liveness.alive("space-1"), std::nullopt);
}

TEST(InstanceLiveness, AShimThatDiedWithoutAnExitFileIsSeen) {
  TempDir dir;
  FakeShim shim;
  InstanceLiveness liveness;
  ASSERT_TRUE(liveness.watch("space-1", shim.pid(), dir.path() / "exit"));
  shim.end();
  EXPECT_EQ(liveness.alive("space-1"), false);
}

TEST(InstanceLiveness, AShimGoneBeforeTheWatchIsNotWatched) {
  TempDir dir;
  InstanceLiveness liveness;
  FakeShim ended;
  pid_t pid = ended.pid();
  ended.end();
  EXPECT_FALSE(liveness.watch("space-1", pid, dir.path() / "exit"));
  EXPECT_FALSE(liveness.watch("space-2", 0, dir.path() / "exit"));
  FakeShim shim;
  std::ofstream(dir.path() / "exit") << "{}";
  EXPECT_FALSE(liveness.watch("space-3", shim.pid(), dir.path() / "exit"));
  EXPECT_EQ(liveness.alive("space-3"), std::nullopt);
}

TEST(InstanceLiveness, ForgottenInstancesAreNoLongerWatched) {
  TempDir dir;
  FakeShim shim;
  InstanceLiveness liveness;
  ASSERT_TRUE(liveness.watch("space-1", shim.pid(), dir.path() / "exit"));
  liveness.forget("space-1");
  EXPECT_EQ(liveness.alive("space-1"), std::nullopt);
}

}  // namespace
}  // namespace berth::spaces
