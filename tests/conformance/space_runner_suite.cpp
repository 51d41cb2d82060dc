#include "conformance/space_runner_suite.hpp"

#include <gmock/gmock.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::spaces {

using State = InstanceStatus::State;
using ::testing::ElementsAre;

void SpaceRunnerConformance::SetUp() {
  harness_ = GetParam().make();
  if (!harness_) GTEST_SKIP() << GetParam().name << " cannot run here";
}

std::string SpaceRunnerConformance::unique(const std::string& suffix) const {
  return "conform-" + std::to_string(::getpid()) + "-" + suffix;
}

SpaceRunRequest SpaceRunnerConformance::request(const std::string& suffix,
                                                const std::string& script,
                                                const std::string& network) {
  SpaceRunRequest r;
  r.space_id = "conformance/" + suffix;
  r.image = harness_->image(script);
  r.instance_name = unique(suffix);
  r.network = network;
  r.env["GREETING"] = "hello";
  r.pids_limit = kSpacePidsLimit;
  return r;
}

InstanceStatus SpaceRunnerConformance::status_after_exit(const std::string& instance) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto status = runner().status(instance);
    if (status.state != State::kRunning || std::chrono::steady_clock::now() > deadline) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

namespace {

// Whether list_instances names `name` as an instance of `space_id`.
bool listed(SpaceRunner& runner, const std::string& space_id, const std::string& name) {
  auto all = runner.list_instances();
  return std::any_of(all.begin(), all.end(), [&](const SpaceInstance& i) {
    return i.space_id == space_id && i.name == name;
  });
}

}  // namespace

TEST_P(SpaceRunnerConformance, StartRunsTheAppUntilRemoved) {
  auto network = unique("net-run");
  runner().ensure_network(network, "conformance/run", false);
  auto r = request("run", "sleep 1000", network);
  runner().start(r);

  auto status = runner().status(r.instance_name);
  EXPECT_EQ(status.state, State::kRunning);
  EXPECT_FALSE(status.address.empty()) << "a running instance has an address to proxy to";
  EXPECT_TRUE(listed(runner(), r.space_id, r.instance_name));

  runner().remove(r.instance_name);
  EXPECT_EQ(runner().status(r.instance_name).state, State::kMissing);
  EXPECT_FALSE(listed(runner(), r.space_id, r.instance_name));
  runner().remove_network(network);
}

TEST_P(SpaceRunnerConformance, AnExitedAppReportsItsExitCodeAndOutput) {
  auto network = unique("net-exit");
  runner().ensure_network(network, "conformance/exit", false);
  auto r = request("exit", "echo starting; echo failing; exit 3", network);
  runner().start(r);

  auto status = status_after_exit(r.instance_name);
  EXPECT_EQ(status.state, State::kExited);
  EXPECT_EQ(status.exit_code, 3);
  EXPECT_EQ(status.address, "") << "no address once it stopped";
  EXPECT_THAT(runner().log_tail(r.instance_name, 10), ElementsAre("starting", "failing"));
  EXPECT_THAT(runner().log_tail(r.instance_name, 1), ElementsAre("failing"));
  // An exited instance is still an instance of its Space, until removed.
  EXPECT_TRUE(listed(runner(), r.space_id, r.instance_name));

  auto log = runner().log_file(r.instance_name);
  ASSERT_TRUE(log);
  auto text = read_file(*log);
  EXPECT_NE(text.find("\"log\":\"failing\\n\""), std::string::npos) << text;

  runner().remove(r.instance_name);
  EXPECT_EQ(runner().status(r.instance_name).state, State::kMissing);
  EXPECT_FALSE(runner().log_file(r.instance_name));
  runner().remove_network(network);
}

TEST_P(SpaceRunnerConformance, AliveWhileRunningOrFrozenOnly) {
  auto network = unique("net-alive");
  runner().ensure_network(network, "conformance/alive", false);
  auto r = request("alive", "sleep 1000", network);
  runner().start(r);
  EXPECT_TRUE(runner().alive(r.instance_name));
  EXPECT_TRUE(runner().alive(r.instance_name)) << "asked again, as each sweep does";
  runner().freeze(r.instance_name);
  EXPECT_TRUE(runner().alive(r.instance_name)) << "a frozen instance lives";
  runner().thaw(r.instance_name);
  runner().remove(r.instance_name);
  EXPECT_FALSE(runner().alive(r.instance_name)) << "a removed instance is not alive";

  auto exited = request("alive-exit", "exit 3", network);
  runner().start(exited);
  EXPECT_EQ(status_after_exit(exited.instance_name).state, State::kExited);
  EXPECT_FALSE(runner().alive(exited.instance_name));
  runner().remove(exited.instance_name);
  runner().remove_network(network);
}

TEST_P(SpaceRunnerConformance, FreezeKeepsTheInstanceUntilThawed) {
  auto network = unique("net-freeze");
  runner().ensure_network(network, "conformance/freeze", false);
  auto r = request("freeze", "sleep 1000", network);
  runner().start(r);
  auto address = runner().status(r.instance_name).address;

  runner().freeze(r.instance_name);
  EXPECT_EQ(runner().status(r.instance_name).state, State::kPaused);
  EXPECT_THROW(runner().freeze(r.instance_name), ConflictError) << "frozen already";
  runner().thaw(r.instance_name);
  auto status = runner().status(r.instance_name);
  EXPECT_EQ(status.state, State::kRunning);
  EXPECT_EQ(status.address, address) << "the same instance runs on";
  EXPECT_THROW(runner().thaw(r.instance_name), ConflictError) << "not frozen";

  // A frozen instance is removed like any other (a Space stopped in its sleep).
  runner().freeze(r.instance_name);
  runner().remove(r.instance_name);
  EXPECT_EQ(runner().status(r.instance_name).state, State::kMissing);
  EXPECT_THROW(runner().freeze(r.instance_name), NotFoundError);
  EXPECT_THROW(runner().thaw(r.instance_name), NotFoundError);
  runner().remove_network(network);
}

TEST_P(SpaceRunnerConformance, MissingInstancesAreNoError) {
  auto missing = unique("never-started");
  EXPECT_EQ(runner().status(missing).state, State::kMissing);
  EXPECT_EQ(runner().status(missing).address, "");
  EXPECT_TRUE(runner().log_tail(missing, 10).empty());
  EXPECT_FALSE(runner().log_file(missing));
  runner().remove(missing);  // removing what is gone is what remove promises
}

TEST_P(SpaceRunnerConformance, StartRefusesANameInUse) {
  auto network = unique("net-twice");
  runner().ensure_network(network, "conformance/twice", false);
  auto r = request("twice", "sleep 1000", network);
  runner().start(r);
  EXPECT_THROW(runner().start(r), Error);
  EXPECT_EQ(runner().status(r.instance_name).state, State::kRunning) << "the first one runs on";
  runner().remove(r.instance_name);
  runner().remove_network(network);
}

TEST_P(SpaceRunnerConformance, StartRefusesAMissingNetwork) {
  auto r = request("no-net", "sleep 1000", unique("net-missing"));
  EXPECT_THROW(runner().start(r), Error);
  EXPECT_EQ(runner().status(r.instance_name).state, State::kMissing)
      << "a failed start leaves no instance behind";
}

TEST_P(SpaceRunnerConformance, EnsureNetworkMakesItOnlyWhenMissing) {
  auto closed = unique("net-closed");
  EXPECT_EQ(runner().network_host_access(closed), std::nullopt);
  runner().ensure_network(closed, "conformance/closed", false);
  EXPECT_EQ(runner().network_host_access(closed), false);
  runner().ensure_network(closed, "conformance/closed", true);
  EXPECT_EQ(runner().network_host_access(closed), false) << "an existing network is kept";

  auto open = unique("net-open");
  runner().ensure_network(open, "conformance/open", true);
  EXPECT_EQ(runner().network_host_access(open), true);

  runner().remove_network(closed);
  runner().remove_network(open);
  EXPECT_EQ(runner().network_host_access(closed), std::nullopt);
  EXPECT_EQ(runner().network_host_access(open), std::nullopt);
  runner().remove_network(open);  // already gone
}

}  // namespace berth::spaces
