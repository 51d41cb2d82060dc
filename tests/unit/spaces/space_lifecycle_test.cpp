#include "spaces/space_lifecycle.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/spaces/fake_image_builder.hpp"
#include "fakes/spaces/fake_space_runner.hpp"
#include "support/loopback_http_app.hpp"

namespace berth::spaces {
namespace space_lifecycle_test {

namespace fs = std::filesystem;
using Clock = SpaceLifecycle::Clock;
using FakeApp = berth::testing::LoopbackHttpApp;
using std::chrono::hours;
using std::chrono::seconds;

class SpaceLifecycleTest : public ::testing::Test {
 protected:
  SpaceLifecycleTest() : db(root.path()) {
    db.with([](SpaceStore& s, UserStore& u) {
      u.create_user("alice");
      s.create("alice", "demo", false, "cpu-basic", 60);
      s.create("alice", "other", false, "cpu-basic", 60);
      return 0;
    });
    DeployerOptions options;
    options.spaces_dir = root.path() / "spaces";
    options.machine = MachineFacts{4, int64_t{8} << 30, false};
    options.probe_interval = std::chrono::milliseconds(10);
    options.drain_time = std::chrono::milliseconds(0);
    deployer = std::make_unique<SpaceDeployer>(db, builder, runner, routes, options);
    SleepOptions sleep;
    sleep.freeze_ttl = hours(1);
    sleep.memory_floor_bytes = int64_t{256} << 20;
    lifecycle = std::make_unique<SpaceLifecycle>(db, *deployer, runner, routes, sleep,
                                                 [this] { return available_memory; });
  }

  // Deploys a commit of `id` whose app answers: the Space runs and is routed.
  void deploy(const std::string& id, const std::string& commit) {
    auto dir = root.path() / ("src-" + commit);
    fs::create_directories(dir);
    write_file_atomic(dir / "README.md",
                      "---\nsdk: docker\napp_port: " + std::to_string(app.port()) + "\n---\n",
                      0644);
    write_file_atomic(dir / "Dockerfile", "FROM scratch\n", 0644);
    deployer->deploy(id, commit, dir);
    ASSERT_EQ(space(id).stage, SpaceStage::kRunning) << space(id).error_message;
  }
  SpaceRecord space(const std::string& id = "alice/demo") {
    return db.with([&](SpaceStore& s, UserStore&) { return s.resolve(id); });
  }
  bool contains(const std::vector<std::string>& calls, const std::string& name) {
    return std::find(calls.begin(), calls.end(), name) != calls.end();
  }

  TempDir root;
  SpacesDatabase db;
  FakeApp app;
  FakeImageBuilder builder;
  FakeSpaceRunner runner;
  RouteTable routes;
  std::unique_ptr<SpaceDeployer> deployer;
  std::optional<int64_t> available_memory = int64_t{4} << 30;
  std::unique_ptr<SpaceLifecycle> lifecycle;
};

TEST_F(SpaceLifecycleTest, AnIdleSpaceIsFrozenAndAVisitThawsTheSameInstance) {
  deploy("alice/demo", "c0ffee0000000000");
  auto instance = space().current_container;
  auto now = Clock::now();
  lifecycle->tick(now + seconds(30));
  EXPECT_TRUE(runner.frozen.empty()) << "30 s idle of 60";

  lifecycle->tick(now + seconds(61));
  EXPECT_EQ(runner.frozen, std::vector<std::string>{instance});
  auto asleep = space();
  EXPECT_EQ(asleep.stage, SpaceStage::kSleeping);
  EXPECT_EQ(asleep.sleep_tier, SleepTier::kFrozen);
  EXPECT_EQ(asleep.current_container, instance) << "the container stays, frozen";
  EXPECT_FALSE(routes.find("alice/demo")) << "no request goes to a frozen app";
  EXPECT_EQ(routes.dormancy("alice/demo"), Dormancy::kFrozen);

  lifecycle->wake("alice/demo");
  lifecycle->wait_idle();
  EXPECT_EQ(runner.thawed, std::vector<std::string>{instance});
  EXPECT_EQ(runner.started.size(), 1u) << "thawed, not started again";
  auto awake = space();
  EXPECT_EQ(awake.stage, SpaceStage::kRunning);
  EXPECT_EQ(awake.sleep_tier, std::nullopt);
  ASSERT_TRUE(routes.find("alice/demo"));
  EXPECT_EQ(routes.find("alice/demo")->instance, instance);
}

TEST_F(SpaceLifecycleTest, AnOpenRequestKeepsTheSpaceAwake) {
  deploy("alice/demo", "c0ffee0000000000");
  auto hold = routes.visit("alice/demo").hold;  // a WebSocket, say
  lifecycle->tick(Clock::now() + hours(2));
  EXPECT_TRUE(runner.frozen.empty());
  hold.reset();  // it ended now: the idle time counts from here
  lifecycle->tick(Clock::now() + seconds(30));
  EXPECT_TRUE(runner.frozen.empty());
  lifecycle->tick(Clock::now() + seconds(61));
  EXPECT_EQ(runner.frozen.size(), 1u);
}

TEST_F(SpaceLifecycleTest, SpacesThatNeverSleepAreLeftAlone) {
  db.with([](SpaceStore& s, UserStore&) {
    s.set_sleep_time("alice/demo", -1);
    return 0;
  });
  deploy("alice/demo", "c0ffee0000000000");
  lifecycle->tick(Clock::now() + hours(24 * 365));
  EXPECT_TRUE(runner.frozen.empty());
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
}

TEST_F(SpaceLifecycleTest, FrozenPastItsTtlTheSpaceIsStoppedAndAVisitStartsIt) {
  deploy("alice/demo", "c0ffee0000000000");
  auto instance = space().current_container;
  auto frozen_at = Clock::now() + seconds(61);
  lifecycle->tick(frozen_at);
  lifecycle->tick(frozen_at + hours(1) - seconds(1));
  EXPECT_FALSE(contains(runner.removed, instance)) << "not yet past the TTL";

  lifecycle->tick(frozen_at + hours(1));
  EXPECT_TRUE(contains(runner.removed, instance));
  auto stopped = space();
  EXPECT_EQ(stopped.stage, SpaceStage::kSleeping);
  EXPECT_EQ(stopped.sleep_tier, SleepTier::kStopped);
  EXPECT_EQ(stopped.current_container, "");
  EXPECT_EQ(stopped.current_image, "localhost/spaces/alice/demo:c0ffee000000")
      << "the image stays, to wake from";
  EXPECT_EQ(routes.dormancy("alice/demo"), Dormancy::kStopped);

  lifecycle->wake("alice/demo");
  EXPECT_TRUE(lifecycle->waking("alice/demo"));
  lifecycle->wait_idle();
  EXPECT_FALSE(lifecycle->waking("alice/demo"));
  ASSERT_EQ(runner.started.size(), 2u);
  EXPECT_EQ(runner.started[1].image, "localhost/spaces/alice/demo:c0ffee000000");
  auto awake = space();
  EXPECT_EQ(awake.stage, SpaceStage::kRunning);
  EXPECT_EQ(awake.current_container, runner.started[1].instance_name);
  ASSERT_TRUE(routes.find("alice/demo"));
  EXPECT_EQ(routes.find("alice/demo")->instance, runner.started[1].instance_name);
}

TEST_F(SpaceLifecycleTest, TickSaysWhenTheFirstSpaceCouldSleepOrStop) {
  auto now = Clock::now();
  EXPECT_EQ(lifecycle->tick(now), Clock::time_point::max()) << "nothing runs";
  db.with([](SpaceStore& s, UserStore&) {
    s.set_sleep_time("alice/other", -1);
    return 0;
  });
  deploy("alice/other", "beef000000000000");
  EXPECT_EQ(lifecycle->tick(now), Clock::time_point::max()) << "it never sleeps";

  deploy("alice/demo", "c0ffee0000000000");
  auto served_at = *routes.last_active("alice/demo");
  EXPECT_EQ(lifecycle->tick(served_at + seconds(30)), served_at + seconds(60)) << "its sleep time";
  routes.visit("alice/demo");  // a visit moves it later
  auto visited_at = *routes.last_active("alice/demo");
  EXPECT_EQ(lifecycle->tick(visited_at), visited_at + seconds(60));

  // Frozen: due at the end of its TTL, or at each check interval while memory is watched.
  auto frozen_at = visited_at + seconds(61);
  EXPECT_EQ(lifecycle->tick(frozen_at), frozen_at + seconds(2)) << "memory is measured";
  SleepOptions no_floor;
  no_floor.freeze_ttl = hours(1);
  no_floor.memory_floor_bytes = 0;
  lifecycle = std::make_unique<SpaceLifecycle>(db, *deployer, runner, routes, no_floor,
                                               [this] { return available_memory; });
  auto slept_at = Clock::time_point(seconds(space().slept_at));
  EXPECT_EQ(lifecycle->tick(frozen_at), slept_at + hours(1));
  EXPECT_EQ(lifecycle->tick(slept_at + hours(1)), Clock::time_point::max()) << "stopped";
}

TEST_F(SpaceLifecycleTest, ASleepTimeChangeTellsTheListenerThatTickMayBeDueSooner) {
  lifecycle->sleep_time_changed();  // no listener: nothing to tell
  int told = 0;
  lifecycle->on_sleep_time_changed([&] { ++told; });
  deploy("alice/demo", "c0ffee0000000000");
  auto served_at = *routes.last_active("alice/demo");
  ASSERT_EQ(lifecycle->tick(served_at), served_at + seconds(60));
  db.with([](SpaceStore& s, UserStore&) {
    s.set_sleep_time("alice/demo", 5);
    return 0;
  });
  lifecycle->sleep_time_changed();
  EXPECT_EQ(told, 1);
  EXPECT_EQ(lifecycle->tick(served_at), served_at + seconds(5)) << "the new sleep time counts";
}

TEST_F(SpaceLifecycleTest, ShortOfMemoryTheSpaceFrozenLongestIsStoppedFirst) {
  deploy("alice/demo", "c0ffee0000000000");
  deploy("alice/other", "beef000000000000");
  auto now = Clock::now();
  ASSERT_TRUE(lifecycle->freeze(space("alice/other"), now, now + seconds(100)));
  ASSERT_TRUE(lifecycle->freeze(space("alice/demo"), now, now + seconds(200)));
  available_memory = int64_t{100} << 20;  // under the 256 MiB floor
  lifecycle->tick(now + seconds(300));
  EXPECT_EQ(space("alice/other").sleep_tier, SleepTier::kStopped) << "frozen first";
  EXPECT_EQ(space("alice/demo").sleep_tier, SleepTier::kFrozen) << "one per sweep";
  lifecycle->tick(now + seconds(302));
  EXPECT_EQ(space("alice/demo").sleep_tier, SleepTier::kStopped);
}

TEST_F(SpaceLifecycleTest, APausedSpaceDoesNotWakeUntilRestarted) {
  deploy("alice/demo", "c0ffee0000000000");
  auto instance = space().current_container;
  deployer->pause("alice/demo");
  EXPECT_TRUE(contains(runner.removed, instance));
  EXPECT_EQ(space().stage, SpaceStage::kPaused);
  EXPECT_EQ(space().current_container, "");
  EXPECT_EQ(routes.dormancy("alice/demo"), Dormancy::kPaused);

  lifecycle->wake("alice/demo");
  lifecycle->wait_idle();
  EXPECT_EQ(runner.started.size(), 1u) << "a visit does not bring it back";
  EXPECT_EQ(space().stage, SpaceStage::kPaused);
  lifecycle->tick(Clock::now() + hours(48));
  EXPECT_EQ(space().stage, SpaceStage::kPaused) << "a paused Space does not sleep";

  // A push while paused is recorded, not deployed, and the build log says so.
  auto dir = root.path() / "src-paused";
  fs::create_directories(dir);
  write_file_atomic(dir / "Dockerfile", "FROM scratch\n", 0644);
  deployer->deploy("alice/demo", "beef000000000000", dir);
  EXPECT_EQ(space().stage, SpaceStage::kPaused);
  EXPECT_NE(read_file(deployer->build_log_path("alice/demo"))
                .find("paused: commit beef000000000000 is deployed when it is restarted"),
            std::string::npos);

  // A restart asked for before the pause, run after it, leaves it paused; a rollback too.
  deployer->restart("alice/demo", /*resume_paused=*/false);
  EXPECT_EQ(space().stage, SpaceStage::kPaused);
  EXPECT_THROW(deployer->rollback("alice/demo"), ConflictError);
  EXPECT_EQ(runner.started.size(), 1u);

  deployer->restart("alice/demo");
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
  EXPECT_EQ(routes.dormancy("alice/demo"), std::nullopt);
  EXPECT_TRUE(routes.find("alice/demo"));
}

TEST_F(SpaceLifecycleTest, AServerStartFindsFrozenSpacesFrozenAndLostOnesStopped) {
  deploy("alice/demo", "c0ffee0000000000");
  deploy("alice/other", "beef000000000000");
  auto lost = space("alice/other").current_container;
  auto now = Clock::now();
  ASSERT_TRUE(lifecycle->freeze(space("alice/demo"), now, now));
  ASSERT_TRUE(lifecycle->freeze(space("alice/other"), now, now));
  runner.instances.erase(lost);  // the host rebooted under it, say

  RouteTable next_routes;  // the next server's
  SpaceDeployer next(db, builder, runner, next_routes, DeployerOptions{});
  EXPECT_TRUE(next.recover().empty());
  EXPECT_EQ(next_routes.dormancy("alice/demo"), Dormancy::kFrozen);
  EXPECT_EQ(space("alice/demo").sleep_tier, SleepTier::kFrozen);
  EXPECT_EQ(next_routes.dormancy("alice/other"), Dormancy::kStopped);
  EXPECT_EQ(space("alice/other").sleep_tier, SleepTier::kStopped);
  EXPECT_EQ(space("alice/other").current_container, "");
}

TEST_F(SpaceLifecycleTest, ADeployToAFrozenSpaceRetiresTheFrozenInstance) {
  deploy("alice/demo", "c0ffee0000000000");
  auto frozen = space().current_container;
  auto now = Clock::now();
  ASSERT_TRUE(lifecycle->freeze(space(), now, now));
  deploy("alice/demo", "d00d000000000000");
  EXPECT_TRUE(contains(runner.removed, frozen));
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
  EXPECT_EQ(space().sleep_tier, std::nullopt);
  EXPECT_EQ(routes.dormancy("alice/demo"), std::nullopt);
}

}  // namespace space_lifecycle_test
}  // namespace berth::spaces
