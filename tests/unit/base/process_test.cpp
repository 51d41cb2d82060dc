#include "base/process.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "base/error.hpp"

namespace berth {
namespace {

using ::testing::HasSubstr;

TEST(RunProcess, CollectsStdoutAndStderrTogetherAndTheExitCode) {
  auto result = run_process({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.output, "out\nerr\n");
}

TEST(RunProcess, StreamsLinesAsTheyCome) {
  std::vector<std::string> lines;
  auto result = run_process({"/bin/sh", "-c", "printf 'a\\nb\\n'; sleep 0.1; printf c"}, {},
                            [&](std::string_view line) { lines.emplace_back(line); });
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(result.output, "");
}

TEST(RunProcess, FeedsStdinAndOtherwiseGivesDevNull) {
  EXPECT_EQ(run_process({"/bin/cat"}, {.stdin_data = "hello"}).output, "hello");
  EXPECT_EQ(run_process({"/bin/cat"}).output, "");
}

TEST(RunProcess, UsesTheGivenEnvironmentOnly) {
  auto result = run_process({"/usr/bin/env"}, {.environment = std::vector<std::string>{"A=1"}});
  EXPECT_EQ(result.output, "A=1\n");
}

TEST(RunProcess, SearchesPathOnlyWhenAsked) {
  EXPECT_EQ(run_process({"sh", "-c", "exit 0"}, {.search_path = true}).exit_code, 0);
  try {
    run_process({"sh", "-c", "exit 0"});
    FAIL() << "a program without a path ran without search_path";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot run sh: "));
  }
}

TEST(RunProcess, ReportsADeathBySignal) {
  EXPECT_EQ(run_process({"/bin/sh", "-c", "kill -9 $$"}).exit_code, 128 + 9);
}

TEST(RunProcess, NewSessionDetachesFromTheCallersSession) {
  auto result = run_process({"/bin/sh", "-c", "read -r _ _ _ _ _ sid _ < /proc/$$/stat; echo $sid"},
                            {.new_session = true});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(std::stol(result.output), static_cast<long>(::getsid(0)));
}

TEST(RunProcess, ClosesDescriptorsTheCallerLeftInheritable) {
  // A descriptor without close-on-exec (a library's, a socket) must not reach the helper.
  // A high number, so the directory ls opens for the listing cannot take it.
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int stray = ::fcntl(null, F_DUPFD, 200);  // F_DUPFD: close-on-exec is off
  ::close(null);
  ASSERT_GE(stray, 200);
  auto result = run_process({"/bin/sh", "-c", "ls /proc/self/fd"});
  ::close(stray);
  EXPECT_EQ(result.exit_code, 0);
  std::string lines = "\n" + result.output;
  EXPECT_EQ(lines.find("\n" + std::to_string(stray) + "\n"), std::string::npos) << result.output;
}

TEST(EnvironmentWith, ReplacesWhatItOverridesAndKeepsTheRest) {
  ::setenv("BERTH_PROCESS_TEST", "old", 1);
  auto env = environment_with({"BERTH_PROCESS_TEST=new"});
  EXPECT_EQ(std::count(env.begin(), env.end(), "BERTH_PROCESS_TEST=new"), 1);
  EXPECT_EQ(std::count(env.begin(), env.end(), "BERTH_PROCESS_TEST=old"), 0);
  EXPECT_NE(std::find_if(env.begin(), env.end(),
                         [](const std::string& e) { return e.starts_with("PATH="); }),
            env.end());
  ::unsetenv("BERTH_PROCESS_TEST");
}

}  // namespace
}  // namespace berth
