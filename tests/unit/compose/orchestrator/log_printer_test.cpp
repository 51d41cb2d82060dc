// The log printer over json-file logs written by the test: compose's prefixes (padding, colour
// cycle), --tail per container, the merge by time, streams, and when following ends.
#include "compose/orchestrator/log_printer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "base/fs.hpp"
#include "runtime/shim_client/json_log.hpp"

namespace berth::compose {
namespace {

class LogPrinterTest : public ::testing::Test {
 protected:
  LogSource source(const std::string& id, const std::string& name) {
    return {id, name, dir.path() / (id + ".log"), dir.path() / (id + ".exit")};
  }
  void append(const LogSource& s, const std::string& text, const std::string& time,
              const std::string& stream = "stdout") {
    std::ofstream(s.log_path, std::ios::app) << runtime::json_log_line(text, stream, time);
  }
  void exited(const LogSource& s, int code = 0) {
    std::ofstream(s.exit_file) << "{\"exit_code\":" << code << "}";
  }

  std::string print(const std::vector<LogSource>& sources, const LogPrintOptions& options) {
    std::ostringstream out, err;
    print_logs(sources, options, out, err);
    errors = err.str();
    return out.str();
  }

  TempDir dir;
  std::string errors;
};

TEST(LogPrefixesTest, PadsToTheLongestNamePlusOne) {
  LogPrefixes prefixes(false);
  prefixes.add("web-1");
  EXPECT_EQ(prefixes.prefix("web-1"), "web-1  | ");
  prefixes.add("database-1");
  EXPECT_EQ(prefixes.prefix("web-1"), "web-1       | ");
  EXPECT_EQ(prefixes.prefix("database-1"), "database-1  | ");
}

TEST(LogPrefixesTest, ColoursFollowComposesCycleInOrderOfAppearance) {
  LogPrefixes prefixes(true);
  for (int i = 1; i <= 11; ++i) prefixes.add("s-" + std::to_string(i + 10));
  EXPECT_EQ(prefixes.prefix("s-11"), "\033[36ms-11  | \033[0m");
  EXPECT_EQ(prefixes.prefix("s-12"), "\033[33ms-12  | \033[0m");
  EXPECT_EQ(prefixes.prefix("s-16"), "\033[36;1ms-16  | \033[0m");
  EXPECT_EQ(prefixes.prefix("s-21"), "\033[36ms-21  | \033[0m");  // the cycle wraps at 10
  EXPECT_EQ(colour_code(4), "34");
}

TEST(LogDisplayNameTest, DropsTheProjectPrefixOnly) {
  EXPECT_EQ(log_display_name("demo", "demo-web-1"), "web-1");
  EXPECT_EQ(log_display_name("demo", "/demo-web-run-0123456789ab"), "web-run-0123456789ab");
  EXPECT_EQ(log_display_name("demo", "my-own-name"), "my-own-name");
  EXPECT_EQ(log_display_name("demo", "demo-"), "demo-");
}

TEST_F(LogPrinterTest, MergesContainersByTimeWithPrefixes) {
  auto web = source("a", "web-1"), db = source("b", "db-1");
  append(web, "web one\n", "2024-01-01T00:00:01.000000000Z");
  append(db, "db one\n", "2024-01-01T00:00:02.000000000Z");
  append(web, "web two\n", "2024-01-01T00:00:03.000000000Z");
  EXPECT_EQ(print({web, db}, {}),
            "web-1  | web one\n"
            "db-1   | db one\n"
            "web-1  | web two\n");
}

TEST_F(LogPrinterTest, TailIsPerContainer) {
  auto web = source("a", "web-1"), db = source("b", "db-1");
  for (int i = 1; i <= 3; ++i) {
    append(web, "w" + std::to_string(i) + "\n", "2024-01-01T00:00:0" + std::to_string(i) + "Z");
    append(db, "d" + std::to_string(i) + "\n", "2024-01-01T00:00:0" + std::to_string(i) + ".5Z");
  }
  LogPrintOptions options;
  options.tail = 1;
  options.prefix = false;
  EXPECT_EQ(print({web, db}, options), "w3\nd3\n");
  options.tail = 0;
  EXPECT_EQ(print({web, db}, options), "");
}

TEST_F(LogPrinterTest, TimestampsAndStderrAndLinesWithoutNewline) {
  auto web = source("a", "web-1");
  append(web, "to err\n", "2024-01-01T00:00:01.000000000Z", "stderr");
  append(web, "partial", "2024-01-01T00:00:02.000000000Z");
  LogPrintOptions options;
  options.timestamps = true;
  EXPECT_EQ(print({web}, options), "web-1  | 2024-01-01T00:00:02.000000000Z partial\n");
  EXPECT_EQ(errors, "web-1  | 2024-01-01T00:00:01.000000000Z to err\n");
}

TEST_F(LogPrinterTest, SinceAndUntilBoundTheWindow) {
  auto web = source("a", "web-1");
  append(web, "early\n", "2024-01-01T00:00:01Z");
  append(web, "middle\n", "2024-01-01T00:00:05Z");
  append(web, "late\n", "2024-01-01T00:00:09Z");
  LogPrintOptions options;
  options.prefix = false;
  options.since = parse_rfc3339("2024-01-01T00:00:03Z");
  options.until = parse_rfc3339("2024-01-01T00:00:07Z");
  EXPECT_EQ(print({web}, options), "middle\n");
}

TEST_F(LogPrinterTest, FollowEndsOnceEveryContainerExited) {
  auto web = source("a", "web-1"), db = source("b", "db-1");
  append(web, "before\n", "2024-01-01T00:00:01Z");
  exited(db);
  LogPrintOptions options;
  options.follow = true;
  options.poll_interval = std::chrono::milliseconds(5);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    append(web, "after\n", "2024-01-01T00:00:02Z");
    exited(web);
  });
  std::string printed = print({web, db}, options);
  writer.join();
  EXPECT_EQ(printed, "web-1  | before\nweb-1  | after\n");
}

TEST_F(LogPrinterTest, ExitLinesAsAForegroundUpPrintsThem) {
  auto web = source("a", "web-1"), db = source("b", "db-1");
  append(web, "served\n", "2024-01-01T00:00:01Z");
  exited(web, 3);
  exited(db, 0);
  LogPrintOptions options;
  options.follow = true;
  options.exit_lines = true;
  options.poll_interval = std::chrono::milliseconds(5);
  EXPECT_EQ(print({web, db}, options),
            "web-1  | served\n"
            "web-1 exited with code 3\n"
            "db-1 exited with code 0\n");
  options.follow = false;  // only while following
  EXPECT_EQ(print({web, db}, options), "web-1  | served\n");
}

TEST_F(LogPrinterTest, FollowEndsForAContainerRemovedWithItsDirectory) {
  std::filesystem::create_directories(dir.path() / "gone");
  LogSource gone{"g", "web-1", dir.path() / "gone" / "log.json", dir.path() / "gone" / "exit"};
  append(gone, "last words\n", "2024-01-01T00:00:01Z");
  LogPrintOptions options;
  options.follow = true;
  options.poll_interval = std::chrono::milliseconds(5);
  std::thread remover([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::filesystem::remove_all(dir.path() / "gone");
  });
  std::string printed = print({gone}, options);
  remover.join();
  EXPECT_EQ(printed, "web-1  | last words\n");
}

TEST_F(LogPrinterTest, FollowStopsWhenAsked) {
  auto web = source("a", "web-1");
  append(web, "running\n", "2024-01-01T00:00:01Z");
  LogPrintOptions options;
  options.follow = true;
  options.poll_interval = std::chrono::milliseconds(5);
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop = true;
  });
  std::ostringstream out, err;
  print_logs({web}, options, out, err, &stop);
  stopper.join();
  EXPECT_EQ(out.str(), "web-1  | running\n");
}

TEST_F(LogPrinterTest, FollowPicksUpContainersThatAppearLater) {
  auto web = source("a", "web-1"), web2 = source("c", "web-2");
  append(web, "first\n", "2024-01-01T00:00:01Z");
  append(web2, "scaled\n", "2024-01-01T00:00:02Z");
  LogPrintOptions options;
  options.follow = true;
  options.poll_interval = std::chrono::milliseconds(5);
  options.rescan_interval = std::chrono::milliseconds(10);
  int scans = 0;
  auto rescan = [&]() -> std::vector<LogSource> {
    if (++scans < 3) return {web};
    exited(web);
    exited(web2);
    return {web, web2};
  };
  std::ostringstream out, err;
  print_logs({web}, options, out, err, nullptr, rescan);
  // web-2 is printed from its log's start once a rescan finds it.
  EXPECT_EQ(out.str(), "web-1  | first\nweb-2  | scaled\n");
  EXPECT_GE(scans, 3);
}

}  // namespace
}  // namespace berth::compose
