#include "runtime/spec/resources.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

constexpr int64_t kMiB = 1024 * 1024;

HostLimits host(unsigned cpus = 2, bool swap = true) {
  HostLimits h;
  h.cpus = cpus;
  h.swap_limit = swap;
  return h;
}

void expect_refused(const ResourceLimits& l, const std::string& message, HostLimits h = host()) {
  try {
    resources_json(l, h);
    FAIL() << "expected: " << message;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.what(), message);
    EXPECT_EQ(e.exit_code(), 125);
  }
}

TEST(Resources, NothingSetIsEmpty) {
  EXPECT_EQ(resources_json({}, host()), Json::object());
}

TEST(Resources, MemoryAndSwapFollowDocker) {
  ResourceLimits l;
  l.memory_bytes = 64 * kMiB;
  EXPECT_EQ(resources_json(l, host())["memory"], (Json{{"limit", 64 * kMiB}, {"swap", 128 * kMiB}}))
      << "no --memory-swap: swap as large as memory";
  l.memory_swap_bytes = 64 * kMiB;
  EXPECT_EQ(resources_json(l, host())["memory"]["swap"], 64 * kMiB) << "equal: no swap at all";
  l.memory_swap_bytes = -1;
  EXPECT_EQ(resources_json(l, host())["memory"]["swap"], -1);
  l.memory_swap_bytes = 0;
  EXPECT_EQ(resources_json(l, host())["memory"]["swap"], 128 * kMiB) << "0 means unset";
  EXPECT_EQ(resources_json(l, host(2, false))["memory"], (Json{{"limit", 64 * kMiB}}))
      << "without swap accounting the swap limit is dropped, as Docker does";
  ResourceLimits unlimited_swap_only;
  unlimited_swap_only.memory_swap_bytes = -1;
  EXPECT_EQ(resources_json(unlimited_swap_only, host()), Json::object());
}

TEST(Resources, MemoryErrors) {
  ResourceLimits l;
  l.memory_bytes = 4 * kMiB;
  expect_refused(l, "Minimum memory limit allowed is 6MB");
  l.memory_bytes = 64 * kMiB;
  l.memory_swap_bytes = 32 * kMiB;
  expect_refused(l, "Minimum memoryswap limit should be larger than memory limit, see usage");
  l.memory_bytes.reset();
  expect_refused(l,
                 "You should always set the Memory limit when using Memoryswap limit, see usage");
}

TEST(Resources, Cpus) {
  ResourceLimits l;
  l.cpus = 0.5;
  EXPECT_EQ(resources_json(l, host())["cpu"], (Json{{"period", 100000}, {"quota", 50000}}));
  l.cpus = 2;
  EXPECT_EQ(resources_json(l, host())["cpu"]["quota"], 200000);
  l.cpus = 0.01;
  EXPECT_EQ(resources_json(l, host())["cpu"]["quota"], 1000);
  l.cpus = 0;
  EXPECT_EQ(resources_json(l, host()), Json::object()) << "0 means unlimited";
  l.cpus = 3;
  expect_refused(l, "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
  l.cpus = -1;
  expect_refused(l, "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
  l.cpus = 0.001;
  expect_refused(l, "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
  l.cpus = 1e300;
  expect_refused(l, "Range of CPUs is from 0.01 to N.00, as there are only N CPUs available",
                 host(0));
  l.cpus = 64;
  EXPECT_EQ(resources_json(l, host(0))["cpu"]["quota"], 6400000) << "CPU count unknown";
}

TEST(Resources, CpuSharesClamped) {
  ResourceLimits l;
  l.cpu_shares = 1;
  EXPECT_EQ(resources_json(l, host())["cpu"]["shares"], 2);
  l.cpu_shares = 1u << 20;
  EXPECT_EQ(resources_json(l, host())["cpu"]["shares"], 262144);
  l.cpu_shares = 0;
  EXPECT_EQ(resources_json(l, host()), Json::object());
}

TEST(Resources, PidsLimit) {
  ResourceLimits l;
  l.pids_limit = 50;
  EXPECT_EQ(resources_json(l, host())["pids"]["limit"], 50);
  l.pids_limit = 0;
  EXPECT_EQ(resources_json(l, host())["pids"]["limit"], -1);
  l.pids_limit = -1;
  EXPECT_EQ(resources_json(l, host())["pids"]["limit"], -1);
}

}  // namespace
}  // namespace berth::runtime
