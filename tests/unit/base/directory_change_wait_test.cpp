#include "base/directory_change_wait.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "base/fs.hpp"

namespace berth {
namespace directory_change_wait_test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

DirectoryChangeWait::Timing timing(std::chrono::milliseconds poll_phase,
                                   std::chrono::milliseconds fallback_tick) {
  return {.poll_interval = 1ms, .poll_phase = poll_phase, .fallback_tick = fallback_tick};
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::app) << text;
}

TEST(DirectoryChangeWait, PollsDuringItsFirstMoments) {
  TempDir dir;
  DirectoryChangeWait change(dir.path(), DirectoryChangeWait::kAnyChange, timing(1h, 1h));
  for (int i = 0; i < 3; ++i) change.wait();  // each returns after one poll interval
  EXPECT_FALSE(change.watching());
}

TEST(DirectoryChangeWait, TheFirstWaitOfTheWatchReturnsAtOnceSoNoChangeIsMissed) {
  TempDir dir;
  DirectoryChangeWait change(dir.path(), DirectoryChangeWait::kAnyChange, timing(0ms, 1h));
  change.wait();  // would block for an hour if it waited for an event
  EXPECT_TRUE(change.watching());
}

TEST(DirectoryChangeWait, AWatchWakesOnAWriteLongBeforeTheFallbackTick) {
  TempDir dir;
  write_file(dir.path() / "log", "first\n");
  DirectoryChangeWait change(dir.path(), DirectoryChangeWait::kAnyChange, timing(0ms, 60s));
  change.wait();
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    write_file(dir.path() / "log", "second\n");
  });
  auto start = Clock::now();
  change.wait();
  auto waited = Clock::now() - start;
  writer.join();
  EXPECT_LT(waited, 30s) << "woke at the fallback tick, not at the write";
}

TEST(DirectoryChangeWait, WaitsOnlyForTheEventsAskedFor) {
  TempDir dir;
  write_file(dir.path() / "log", "first\n");
  DirectoryChangeWait change(dir.path(), DirectoryChangeWait::kEntriesAdded, timing(0ms, 60s));
  change.wait();
  std::thread writer([&] {
    write_file(dir.path() / "log", "a write is not an entry added\n");
    std::this_thread::sleep_for(300ms);
    write_file(dir.path() / "exit.tmp", "0\n");
    fs::rename(dir.path() / "exit.tmp", dir.path() / "exit");
  });
  auto start = Clock::now();
  change.wait();  // the creation of exit.tmp ends it
  auto waited = Clock::now() - start;
  writer.join();
  EXPECT_GE(waited, 250ms) << "woke at the write";
  EXPECT_LT(waited, 30s);
}

TEST(DirectoryChangeWait, TheDirectorysRemovalEndsAWait) {
  TempDir parent;
  auto dir = parent.path() / "container";
  fs::create_directory(dir);
  DirectoryChangeWait change(dir, DirectoryChangeWait::kEntriesAdded, timing(0ms, 60s));
  change.wait();
  std::thread remover([&] {
    std::this_thread::sleep_for(50ms);
    fs::remove(dir);
  });
  auto start = Clock::now();
  change.wait();
  auto waited = Clock::now() - start;
  remover.join();
  EXPECT_LT(waited, 30s);
}

TEST(DirectoryChangeWait, KeepsPollingWhereNoWatchCanBeSet) {
  TempDir parent;
  DirectoryChangeWait change(parent.path() / "missing", DirectoryChangeWait::kAnyChange,
                             timing(0ms, 1h));
  for (int i = 0; i < 3; ++i) change.wait();  // each returns after one poll interval
  EXPECT_FALSE(change.watching());
}

}  // namespace directory_change_wait_test
}  // namespace berth
