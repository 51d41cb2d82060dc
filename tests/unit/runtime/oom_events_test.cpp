#include "runtime/shim/oom_events.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/fs.hpp"

namespace berth::runtime {
namespace {

TEST(OomEvents, ParsesV2MemoryEvents) {
  EXPECT_EQ(parse_oom_kill_count("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n"),
            2);
  EXPECT_EQ(parse_oom_kill_count("low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"), 0);
}

TEST(OomEvents, ParsesV1OomControlWithoutConfusingOomKillDisable) {
  EXPECT_EQ(parse_oom_kill_count("oom_kill_disable 1\nunder_oom 0\noom_kill 0\n"), 0);
  EXPECT_EQ(parse_oom_kill_count("oom_kill_disable 0\nunder_oom 0\noom_kill 1\n"), 1);
  EXPECT_EQ(parse_oom_kill_count("oom_kill_disable 0\nunder_oom 0\n"), 0);  // old kernels
}

TEST(OomEvents, ReadsTheContainersCgroupOnEitherVersion) {
  TempDir v1;
  std::filesystem::create_directories(v1.path() / "memory/berth/c1");
  std::ofstream(v1.path() / "memory/berth/c1/memory.oom_control")
      << "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n";
  EXPECT_TRUE(cgroup_saw_oom_kill(v1.path().string(), "/berth/c1"));
  EXPECT_FALSE(cgroup_saw_oom_kill(v1.path().string(), "/berth/missing"));

  TempDir v2;
  std::filesystem::create_directories(v2.path() / "berth/c2");
  std::ofstream(v2.path() / "berth/c2/memory.events") << "oom 1\noom_kill 0\n";
  EXPECT_FALSE(cgroup_saw_oom_kill(v2.path().string(), "/berth/c2"));
}

}  // namespace
}  // namespace berth::runtime
