#include "conformance/oci_runtime_suite.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace berth::runtime {

void OciRuntimeConformance::SetUp() {
  harness_ = GetParam().make();
  if (!harness_) GTEST_SKIP() << GetParam().name << " cannot run here";
}

std::string OciRuntimeConformance::id(const std::string& suffix) {
  return "conformance-" + std::to_string(::getpid()) + "-" + suffix;
}

namespace {

// The state once it settles on `status` (a killed process is stopped when reaped).
std::optional<RuntimeState> state_within(OciRuntime& runtime, const std::string& id,
                                         const std::string& status) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    auto state = runtime.state(id);
    if ((state && state->status == status) || std::chrono::steady_clock::now() > deadline) {
      return state;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

TEST_P(OciRuntimeConformance, CreateStartKillDelete) {
  auto c = id("lifecycle");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  auto created = runtime().state(c);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, "created");
  EXPECT_GT(created->pid, 0);
  runtime().start(c);
  EXPECT_EQ(runtime().state(c)->status, "running");
  runtime().kill(c, SIGKILL, false);
  EXPECT_EQ(state_within(runtime(), c, "stopped")->status, "stopped");
  runtime().remove(c, false);
  EXPECT_FALSE(runtime().state(c));
}

TEST_P(OciRuntimeConformance, PauseAndResume) {
  auto c = id("pause");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  runtime().start(c);
  runtime().pause(c);
  EXPECT_EQ(runtime().state(c)->status, "paused");
  EXPECT_THROW(runtime().pause(c), RuntimeError);
  runtime().resume(c);
  EXPECT_EQ(runtime().state(c)->status, "running");
  EXPECT_THROW(runtime().resume(c), RuntimeError);
  runtime().remove(c, true);
  EXPECT_FALSE(runtime().state(c));
}

TEST_P(OciRuntimeConformance, RemoveRefusesARunningContainerUnlessForced) {
  auto c = id("remove");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  runtime().start(c);
  EXPECT_THROW(runtime().remove(c, false), RuntimeError);
  EXPECT_EQ(runtime().state(c)->status, "running");
  runtime().remove(c, true);
  EXPECT_FALSE(runtime().state(c));
}

TEST_P(OciRuntimeConformance, UnknownContainers) {
  auto c = id("unknown");
  EXPECT_FALSE(runtime().state(c));
  runtime().remove(c, false);  // nothing to delete is not an error: clean-up is idempotent
  runtime().remove(c, true);
  EXPECT_THROW(runtime().start(c), RuntimeError);
  EXPECT_THROW(runtime().kill(c, SIGKILL, false), RuntimeError);
  EXPECT_THROW(runtime().pause(c), RuntimeError);
}

TEST_P(OciRuntimeConformance, CreateRefusesATakenId) {
  auto c = id("taken");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  EXPECT_THROW(runtime().create(c, harness().bundle("sleep 1000"), {}), RuntimeError);
  runtime().remove(c, true);
}

TEST_P(OciRuntimeConformance, CreateRefusesABundleWithoutConfig) {
  auto bundle = harness().bundle("exit 0");
  std::filesystem::remove(bundle / "config.json");
  EXPECT_THROW(runtime().create(id("noconfig"), bundle, {}), RuntimeError);
}

TEST_P(OciRuntimeConformance, KillOfAStoppedContainerFails) {
  auto c = id("stopped");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  runtime().start(c);
  runtime().kill(c, SIGKILL, false);
  ASSERT_EQ(state_within(runtime(), c, "stopped")->status, "stopped");
  EXPECT_THROW(runtime().kill(c, SIGKILL, false), RuntimeError);
  runtime().remove(c, false);
}

TEST_P(OciRuntimeConformance, RunStreamsOutputAndReturnsTheExitStatus) {
  auto c = id("run");
  std::vector<std::string> lines;
  RunOptions options;
  options.on_output = [&](std::string_view line) { lines.emplace_back(line); };
  auto result = runtime().run(c, harness().bundle("echo one; echo two; exit 3"), options);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"}));
  EXPECT_FALSE(runtime().state(c));  // a foreground run deletes its container
}

TEST_P(OciRuntimeConformance, RunPastItsWallTimeIsKilled) {
  auto c = id("timeout");
  RunOptions options;
  options.wall_time = std::chrono::seconds(1);
  auto result = runtime().run(c, harness().bundle("sleep 1000"), options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  runtime().remove(c, true);
  EXPECT_FALSE(runtime().state(c));
}

TEST_P(OciRuntimeConformance, ExecReturnsTheProcessStatus) {
  auto c = id("exec");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  runtime().start(c);
  ExecOptions exec;
  exec.process_json = harness().process("exit 7");
  EXPECT_EQ(runtime().exec(c, exec), 7);
  runtime().remove(c, true);
  EXPECT_THROW(runtime().exec(c, exec), RuntimeError);
}

TEST_P(OciRuntimeConformance, CapturedExecKeepsItsOutputWithinTheLimit) {
  auto c = id("captured");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  runtime().start(c);
  CapturedExecOptions exec;
  exec.process_json = harness().process("echo probing; echo more; exit 4");
  exec.timeout = std::chrono::seconds(30);
  auto result = runtime().exec_captured(c, exec);
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_EQ(result.output, "probing\nmore\n");
  EXPECT_FALSE(result.truncated);
  EXPECT_FALSE(result.timed_out);
  exec.output_limit = 5;
  result = runtime().exec_captured(c, exec);
  EXPECT_EQ(result.output, "probi");
  EXPECT_TRUE(result.truncated);
  runtime().remove(c, true);
  EXPECT_THROW(runtime().exec_captured(c, exec), RuntimeError);
}

TEST_P(OciRuntimeConformance, CapturedExecPastItsTimeoutIsKilled) {
  auto c = id("probe-timeout");
  runtime().create(c, harness().bundle("sleep 1000"), {});
  runtime().start(c);
  CapturedExecOptions exec;
  exec.process_json = harness().process("sleep 1000");
  exec.timeout = std::chrono::milliseconds(500);
  auto result = runtime().exec_captured(c, exec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  runtime().remove(c, true);
}

}  // namespace berth::runtime
