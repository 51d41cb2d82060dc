#include "runtime/shim/shim_options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace berth::runtime {
namespace {

std::string parse_shim_args(std::vector<std::string> args, ShimOptions& out) {
  std::vector<std::string> argv = {"berth-shim", "--id",       "c1",          "--bundle",
                                   "/b",         "--log-path", "/b/log.json", "--exit-file",
                                   "/b/exit",    "--pid-file", "/b/pid",      "--attach-socket",
                                   "/run/a.sock"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> pointers;
  for (auto& a : argv) pointers.push_back(a.data());
  return parse_shim_options(static_cast<int>(pointers.size()), pointers.data(), out);
}

TEST(ShimOptions, StdinOnceIsOffUnlessAsked) {
  ShimOptions plain, once;
  ASSERT_EQ(parse_shim_args({"--stdin"}, plain), "");
  EXPECT_TRUE(plain.open_stdin);
  EXPECT_FALSE(plain.stdin_once) << "a `run -di` container's stdin outlives its clients";
  ASSERT_EQ(parse_shim_args({"--stdin", "--stdin-once"}, once), "");
  EXPECT_TRUE(once.stdin_once);
}

TEST(ShimOptions, TheHealthCommandAndItsTimingAreRead) {
  ShimOptions o;
  EXPECT_EQ(parse_shim_args({"--health-command", "/usr/bin/berth", "--health-command",
                             "healthcheck", "--health-command", "run", "--health-command", "c1",
                             "--health-interval", "30000000000", "--health-start-period", "0",
                             "--health-start-interval", "5000000000"},
                            o),
            "");
  EXPECT_EQ(o.health_command,
            (std::vector<std::string>{"/usr/bin/berth", "healthcheck", "run", "c1"}));
  EXPECT_EQ(o.health_interval_ns, 30000000000LL);
  EXPECT_EQ(o.health_start_interval_ns, 5000000000LL);
  ShimOptions none;
  EXPECT_EQ(parse_shim_args({}, none), "");
  EXPECT_TRUE(none.health_command.empty());
}

TEST(ShimOptions, AHealthCommandNeedsAnInterval) {
  ShimOptions o;
  EXPECT_EQ(parse_shim_args({"--health-command", "berth"}, o),
            "--health-command needs positive --health-interval and --health-start-interval");
}

}  // namespace
}  // namespace berth::runtime
