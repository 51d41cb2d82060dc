#include "runtime/cgroup_stats.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"

namespace berth::runtime {
namespace {

// A fake /proc and /sys/fs/cgroup for one process, written as the kernel lays them out.
class CgroupStatsTest : public ::testing::Test {
 protected:
  void put(const std::string& relative, const std::string& content) {
    auto path = dir.path() / relative;
    std::filesystem::create_directories(path.parent_path());
    write_file_replace(path, content);
  }
  HostPaths host() { return {(dir.path() / "proc").string(), (dir.path() / "cgroup").string()}; }
  void net_dev() {
    put("proc/42/net/dev",
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets\n"
        "    lo:  500 5 0 0 0 0 0 0  500 5 0 0 0 0 0 0\n"
        "  eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n");
  }

  TempDir dir;
};

TEST_F(CgroupStatsTest, ReadsCgroupV2) {
  put("proc/42/cgroup", "0::/berth/abc\n");
  put("cgroup/berth/abc/cpu.stat", "usage_usec 1500\nuser_usec 1000\n");
  put("cgroup/berth/abc/memory.current", "10485760\n");
  put("cgroup/berth/abc/memory.stat", "anon 1\ninactive_file 1048576\n");
  put("cgroup/berth/abc/memory.max", "67108864\n");
  put("cgroup/berth/abc/pids.current", "3\n");
  put("cgroup/berth/abc/io.stat",
      "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"
      "8:16 rbytes=1000 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
  net_dev();
  auto s = sample_usage(42, host());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->cpu_ns, 1500000u);
  EXPECT_EQ(s->memory_bytes, 9437184) << "inactive page cache is not counted, as in Docker";
  EXPECT_EQ(s->memory_limit, 67108864);
  EXPECT_EQ(s->pids, 3);
  EXPECT_EQ(s->net_rx, 1000u) << "lo is not counted";
  EXPECT_EQ(s->net_tx, 2000u);
  EXPECT_EQ(s->block_read, 5096u) << "summed over devices";
  EXPECT_EQ(s->block_write, 8192u);
}

TEST_F(CgroupStatsTest, ReadsCgroupV1WithCombinedCpuHierarchy) {
  put("proc/42/cgroup",
      "12:pids:/berth/abc\n9:blkio:/berth/abc\n4:memory:/berth/abc\n3:cpu,cpuacct:/berth/abc\n"
      "1:name=systemd:/x\n"
      "0::/\n");
  put("cgroup/cpu,cpuacct/berth/abc/cpuacct.usage", "2500000\n");
  put("cgroup/memory/berth/abc/memory.usage_in_bytes", "4194304\n");
  put("cgroup/memory/berth/abc/memory.stat", "cache 5\ntotal_inactive_file 2097152\n");
  put("cgroup/memory/berth/abc/memory.limit_in_bytes", "33554432\n");
  put("cgroup/pids/berth/abc/pids.current", "7\n");
  put("cgroup/blkio/berth/abc/blkio.throttle.io_service_bytes",
      "8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:0 Async 4608\n8:0 Total 4608\n"
      "8:16 Read 100\n8:16 Write 0\nTotal 4708\n");
  net_dev();
  auto s = sample_usage(42, host());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->cpu_ns, 2500000u);
  EXPECT_EQ(s->memory_bytes, 2097152);
  EXPECT_EQ(s->memory_limit, 33554432);
  EXPECT_EQ(s->pids, 7);
  EXPECT_EQ(s->block_read, 4196u);
  EXPECT_EQ(s->block_write, 512u);
}

TEST_F(CgroupStatsTest, UnlimitedMemoryShowsTheHostsAndAGoneProcessNothing) {
  put("proc/42/cgroup", "0::/berth/abc\n");
  put("cgroup/berth/abc/memory.max", "max\n");
  auto s = sample_usage(42, host());
  ASSERT_TRUE(s);
  EXPECT_GT(s->memory_limit, 0);
  EXPECT_LT(s->memory_limit, INT64_MAX);
  EXPECT_FALSE(sample_usage(43, host()));
}

TEST(CpuPercent, IsShareOfOneCpuBetweenSamples) {
  UsageSample a, b;
  b.taken = a.taken + std::chrono::milliseconds(100);
  b.cpu_ns = a.cpu_ns + 50'000'000;
  EXPECT_DOUBLE_EQ(cpu_percent(a, b), 50.0);
}

}  // namespace
}  // namespace berth::runtime
