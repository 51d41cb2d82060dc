#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "base/child_io.hpp"
#include "base/fs.hpp"
#include "runtime/shim_client/json_log.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::runtime {
namespace print_logs_test {

using namespace std::chrono_literals;

void append_log(const fs::path& log, const std::string& text) {
  std::ofstream(log, std::ios::app) << json_log_line(text, "stdout", json_log_now());
}

std::string followed_output(const fs::path& dir, const std::function<void()>& container) {
  UniqueFd out = make_memfd("print-logs-test");
  LogOptions options;
  options.follow = true;
  std::thread writer(container);
  print_logs(dir / "log.json", dir / "exit", options, out.get(), out.get());
  writer.join();
  return read_from_start(out.get(), "the followed log");
}

// Past its first moments the follow waits on the directory's changes, not a 1 ms poll: what
// the container writes then still arrives, and the exit file still ends it.
TEST(PrintLogs, AFollowPrintsWhatComesLateAndEndsAtTheExitFile) {
  TempDir dir;
  append_log(dir.path() / "log.json", "early\n");
  auto output = followed_output(dir.path(), [&] {
    std::this_thread::sleep_for(300ms);
    append_log(dir.path() / "log.json", "late\n");
    std::this_thread::sleep_for(300ms);
    append_log(dir.path() / "log.json", "last\n");
    std::ofstream(dir.path() / "exit") << "{\"exit_code\":0}\n";
  });
  EXPECT_EQ(output, "early\nlate\nlast\n");
}

TEST(PrintLogs, AFollowEndsWhenTheContainerIsRemovedWithItsDirectory) {
  TempDir parent;
  auto dir = parent.path() / "container";
  fs::create_directory(dir);
  append_log(dir / "log.json", "running\n");
  auto output = followed_output(dir, [&] {
    std::this_thread::sleep_for(300ms);
    fs::remove_all(dir);
  });
  EXPECT_EQ(output, "running\n");
}

}  // namespace print_logs_test
}  // namespace berth::runtime
