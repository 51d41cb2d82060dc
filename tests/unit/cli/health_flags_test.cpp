#include "cli/commands/health_flags.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::cli {
namespace {

using namespace std::chrono_literals;

std::string health_flag_error(const HealthFlags& f) {
  try {
    make_health_config(f);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125) << e.what();
    return e.what();
  }
  return "";
}

TEST(HealthFlags, NoFlagKeepsTheImagesHealthcheck) {
  EXPECT_FALSE(make_health_config(HealthFlags{}));
}

TEST(HealthFlags, HealthCmdIsAShellTestWithGoDurations) {
  HealthFlags f;
  f.cmd = "test -f /ready";
  f.interval = "1m30s";
  f.timeout = "500ms";
  f.start_period = "2s";
  f.start_interval = "1.5s";
  f.retries = "4";
  auto h = make_health_config(f);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->test, (std::vector<std::string>{"CMD-SHELL", "test -f /ready"}));
  EXPECT_EQ(h->interval, 90s);
  EXPECT_EQ(h->timeout, 500ms);
  EXPECT_EQ(h->start_period, 2s);
  EXPECT_EQ(h->start_interval, 1500ms);
  EXPECT_EQ(h->retries, 4);
  // Timing alone keeps the image's test (merged at run time).
  HealthFlags timing;
  timing.interval = "5s";
  auto t = make_health_config(timing);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->test.empty());
  EXPECT_EQ(t->interval, 5s);
}

TEST(HealthFlags, NoHealthcheckDisablesAndConflictsWithSettings) {
  HealthFlags f;
  f.no_healthcheck = true;
  auto h = make_health_config(f);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->disabled());
  f.cmd = "true";
  EXPECT_EQ(health_flag_error(f), "--no-healthcheck conflicts with --health-* options");
}

TEST(HealthFlags, BadValuesGetDockersMessages) {
  HealthFlags f;
  f.interval = "abc";
  EXPECT_EQ(health_flag_error(f),
            "invalid argument \"abc\" for \"--health-interval\" flag: time: invalid duration "
            "\"abc\"");
  f = {};
  f.timeout = "5";
  EXPECT_EQ(health_flag_error(f),
            "invalid argument \"5\" for \"--health-timeout\" flag: time: missing unit in "
            "duration \"5\"");
  f = {};
  f.retries = "x";
  EXPECT_EQ(health_flag_error(f),
            "invalid argument \"x\" for \"--health-retries\" flag: strconv.ParseInt: parsing "
            "\"x\": invalid syntax");
  f = {};
  f.interval = "-1s";
  EXPECT_EQ(health_flag_error(f), "--health-interval cannot be negative");
  f = {};
  f.retries = "-2";
  EXPECT_EQ(health_flag_error(f), "--health-retries cannot be negative");
  f = {};
  f.start_period = "-3s";
  EXPECT_EQ(health_flag_error(f), "--health-start-period cannot be negative");
  f = {};
  f.cmd = "true";
  f.interval = "100us";
  EXPECT_EQ(health_flag_error(f), "Interval in Healthcheck cannot be less than 1ms");
  f.interval = "";
  f.start_interval = "10ns";
  EXPECT_EQ(health_flag_error(f), "StartInterval in Healthcheck cannot be less than 1ms");
}

}  // namespace
}  // namespace berth::cli
