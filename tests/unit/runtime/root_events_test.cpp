#include "runtime/root_events.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "base/fs.hpp"

namespace berth::runtime {
namespace {

using namespace std::chrono_literals;

TEST(RootEvents, AnAnnouncementReachesTheListenerOfItsRootOnly) {
  TempDir run;
  RootEventListener mine(run.path(), "/var/lib/berth-a");
  RootEventListener other(run.path(), "/var/lib/berth-b");
  announce(run.path(), "/var/lib/berth-a", "exit 0123");
  announce(run.path(), "/var/lib/berth-a/", "space alice/app");  // the same root, spelt otherwise
  auto got = mine.wait(1000ms);
  if (got.size() == 1) {
    auto more = mine.wait(1000ms);
    got.insert(got.end(), more.begin(), more.end());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"exit 0123", "space alice/app"}));
  EXPECT_TRUE(other.wait(50ms).empty());
}

TEST(RootEvents, NobodyListeningIsNotAnError) {
  TempDir run;
  EXPECT_NO_THROW(announce(run.path(), "/var/lib/berth", "exit 1"));
  EXPECT_NO_THROW(announce("/nonexistent/run", "/var/lib/berth", "exit 1"));
}

TEST(RootEvents, TheSocketIsTheOwnersAloneAndADeadServersIsReplaced) {
  TempDir run;
  auto path = root_event_socket(run.path(), "/r");
  {
    RootEventListener first(run.path(), "/r");
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  EXPECT_FALSE(std::filesystem::exists(path));  // removed with its listener
  // A server killed with -9 leaves its socket: the next one binds over it.
  ensure_directory(path.parent_path(), 0700);
  write_file_atomic(path, "stale");
  RootEventListener second(run.path(), "/r");
  announce(run.path(), "/r", "exit 2");
  EXPECT_EQ(second.wait(1000ms), std::vector<std::string>{"exit 2"});
}

TEST(RootEvents, WaitingWithoutAnnouncementsTimesOut) {
  TempDir run;
  RootEventListener l(run.path(), "/r");
  EXPECT_TRUE(l.wait(20ms).empty());
}

TEST(RootEvents, AnInterruptEndsTheWaitUnderWayOrTheNextOne) {
  TempDir run;
  RootEventListener l(run.path(), "/r");
  auto began = std::chrono::steady_clock::now();
  std::thread interrupter([&] {
    std::this_thread::sleep_for(50ms);
    l.interrupt();
  });
  EXPECT_TRUE(l.wait(60s).empty());
  interrupter.join();
  EXPECT_LT(std::chrono::steady_clock::now() - began, 30s);  // not the minute's timeout
  // Before the wait: it returns at once; once, then waits again.
  l.interrupt();
  l.interrupt();
  began = std::chrono::steady_clock::now();
  EXPECT_TRUE(l.wait(60s).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - began, 30s);
  announce(run.path(), "/r", "exit 3");
  EXPECT_EQ(l.wait(1000ms), std::vector<std::string>{"exit 3"});
}

}  // namespace
}  // namespace berth::runtime
