// SpaceDeployer's deploy history, image window and rollbacks (manual and automatic), over the
// fake builder and runner: no root.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/spaces/fake_image_builder.hpp"
#include "fakes/spaces/fake_space_runner.hpp"
#include "spaces/space_deployer.hpp"
#include "support/loopback_http_app.hpp"

namespace berth::spaces {
namespace space_rollback_test {

namespace fs = std::filesystem;

const std::string kFirst = "1111111111111111111111111111111111111111";
const std::string kSecond = "2222222222222222222222222222222222222222";
const std::string kThird = "3333333333333333333333333333333333333333";

class SpaceRollbackTest : public ::testing::Test {
 protected:
  SpaceRollbackTest() : db(root.path()) {
    db.with([](SpaceStore& s, UserStore& u) {
      u.create_user("alice");
      s.create("alice", "demo", false);
      return 0;
    });
    options.spaces_dir = root.path() / "spaces";
    options.domain = "example.test";
    options.machine = MachineFacts{4, int64_t{8} << 30, false};
    options.probe_interval = std::chrono::milliseconds(10);
    options.drain_time = std::chrono::milliseconds(0);
    make_deployer();
  }

  // After changing `options`.
  void make_deployer() {
    deployer = std::make_unique<SpaceDeployer>(db, builder, runner, routes, options);
  }

  // Deploys `commit` from a README with `header` lines besides sdk and app_port.
  void deploy(const std::string& commit, const std::string& header = "") {
    auto dir = root.path() / ("src-" + std::to_string(++sources));
    fs::create_directories(dir);
    write_file_atomic(
        dir / "README.md",
        "---\nsdk: docker\napp_port: " + std::to_string(app.port()) + "\n" + header + "---\n",
        0644);
    write_file_atomic(dir / "Dockerfile", "FROM scratch\n", 0644);
    deployer->deploy("alice/demo", commit, dir);
    ASSERT_EQ(space().current_commit, commit) << space().error_message;
  }
  static std::string image_of(const std::string& commit) {
    return "localhost/spaces/alice/demo:" + commit.substr(0, 12);
  }
  SpaceRecord space() {
    return db.with([](SpaceStore& s, UserStore&) { return s.resolve("alice/demo"); });
  }
  std::vector<DeployRecord> history() { return deployer->deploy_history("alice/demo"); }
  std::string build_log() { return read_file(deployer->build_log_path("alice/demo")); }
  // The serving instance's app exits with `code`, as the runner would then report it.
  void crash_current(int code) {
    runner.instances.at(space().current_container) =
        InstanceStatus{InstanceStatus::State::kExited, code, ""};
  }

  TempDir root;
  SpacesDatabase db;
  berth::testing::LoopbackHttpApp app;
  FakeImageBuilder builder;
  FakeSpaceRunner runner;
  RouteTable routes;
  DeployerOptions options;
  std::unique_ptr<SpaceDeployer> deployer;
  int sources = 0;
};

TEST_F(SpaceRollbackTest, EveryDeployIsRecordedNewestFirstWithItsSettings) {
  deploy(kFirst, "title: One\n");
  deploy(kSecond, "title: Two\nstartup_duration_timeout: 5m\n");
  auto h = history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].commit, kSecond);
  EXPECT_EQ(h[0].image, image_of(kSecond));
  EXPECT_EQ(h[0].settings, (DeployedSettings{app.port(), "Two", std::chrono::minutes(5)}));
  EXPECT_EQ(h[0].kind, DeployKind::kPush);
  EXPECT_EQ(h[1].commit, kFirst);
  EXPECT_EQ(h[1].settings.title, "One");
  EXPECT_FALSE(h[1].image_removed);
  EXPECT_EQ(current_deploy_id(h, kSecond), h[0].id);
}

TEST_F(SpaceRollbackTest, ImagesBeyondTheLastKeepDeploysAreRemoved) {
  options.keep_deploys = 2;
  make_deployer();
  deploy(kFirst);
  deploy(kSecond);
  EXPECT_TRUE(builder.removed.empty());
  deploy(kThird);
  EXPECT_EQ(builder.removed, std::vector<std::string>{image_of(kFirst)});
  auto h = history();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_TRUE(h[2].image_removed);
  EXPECT_FALSE(h[1].image_removed);
  EXPECT_TRUE(builder.has_image(image_of(kSecond)));
  EXPECT_TRUE(builder.has_image(image_of(kThird)));
}

TEST_F(SpaceRollbackTest, RedeployingTheSameCommitKeepsItsOneImage) {
  options.keep_deploys = 1;
  make_deployer();
  deploy(kFirst);
  deploy(kFirst);
  EXPECT_TRUE(builder.removed.empty()) << "the serving image is never dropped";
  EXPECT_EQ(history().size(), 2u);
}

TEST_F(SpaceRollbackTest, RollbackServesTheDeployBeforeTheCurrentOneWithItsSettings) {
  deploy(kFirst, "title: One\n");
  deploy(kSecond, "title: Two\n");
  auto before = space();
  runner.removed.clear();
  deployer->rollback("alice/demo");

  auto after = space();
  EXPECT_EQ(after.stage, SpaceStage::kRunning);
  EXPECT_EQ(after.error_message, "");
  EXPECT_EQ(after.current_commit, kFirst);
  EXPECT_EQ(after.current_image, image_of(kFirst));
  ASSERT_TRUE(after.deployed);
  EXPECT_EQ(after.deployed->title, "One");
  EXPECT_EQ(runner.started.back().image, image_of(kFirst));
  EXPECT_EQ(runner.started.back().env.at("SPACE_TITLE"), "One");
  EXPECT_EQ(routes.find("alice/demo")->instance, after.current_container);
  EXPECT_EQ(runner.removed, std::vector<std::string>{before.current_container})
      << "the old instance is retired after the switch";
  EXPECT_TRUE(builder.requests.size() == 2u) << "nothing is built again";
  EXPECT_NE(build_log().find("--> Rolled back to " + kFirst), std::string::npos);
  EXPECT_NE(build_log().find("Building"), std::string::npos) << "the log is added to, not replaced";

  auto h = history();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].kind, DeployKind::kRollback);
  EXPECT_EQ(h[0].commit, kFirst);
  EXPECT_EQ(current_deploy_id(h, kFirst), h[0].id);
}

TEST_F(SpaceRollbackTest, RollbackToACommitByItsPrefix) {
  deploy(kFirst);
  deploy(kSecond);
  deploy(kThird);
  deployer->rollback("alice/demo", "1111111");
  EXPECT_EQ(space().current_commit, kFirst);
  deployer->rollback("alice/demo", kSecond);
  EXPECT_EQ(space().current_commit, kSecond);
}

TEST_F(SpaceRollbackTest, TheRouteMovesOnlyOnceTheRolledBackInstanceAnswers) {
  deploy(kFirst);
  deploy(kSecond);
  auto serving = space().current_container;
  // The rollback's instance starts while the old one still has the route.
  std::optional<std::string> routed_at_start;
  FakeSpaceRunner watching([&](const SpaceRunRequest&) {
    routed_at_start = routes.find("alice/demo")->instance;
    return FakeSpaceRunner::App{{}, true, 0};
  });
  watching.instances = runner.instances;
  watching.network_access = runner.network_access;
  SpaceDeployer rolling(db, builder, watching, routes, options);
  rolling.rollback("alice/demo");
  EXPECT_EQ(routed_at_start, serving);
  EXPECT_NE(routes.find("alice/demo")->instance, serving);
}

TEST_F(SpaceRollbackTest, ARollbackThatNeverAnswersLeavesTheCurrentDeployServing) {
  deploy(kFirst, "startup_duration_timeout: 1s\n");
  deploy(kSecond);
  auto serving = space();
  runner.address = "127.0.0.2";  // nothing answers there: the probe times out after 1 s
  EXPECT_THROW(deployer->rollback("alice/demo"), Error);
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_EQ(s.current_commit, kSecond);
  EXPECT_EQ(s.current_container, serving.current_container);
  EXPECT_NE(s.error_message.find("Rolling back to 1111111 failed: The app did not answer"),
            std::string::npos)
      << s.error_message;
  EXPECT_EQ(routes.find("alice/demo")->instance, serving.current_container);
  EXPECT_EQ(history().front().commit, kSecond) << "a failed rollback is no deploy";
}

TEST_F(SpaceRollbackTest, RollbackErrorsNameTheCommitAndTheChoices) {
  EXPECT_THROW(deployer->rollback("alice/demo"), ConflictError) << "nothing deployed";
  deploy(kFirst);
  EXPECT_THROW(deployer->rollback("alice/demo"), ConflictError) << "no earlier deploy";
  deploy(kSecond);
  try {
    deployer->rollback("alice/demo", "abcdef0");
    FAIL() << "an unknown commit was rolled back to";
  } catch (const NotFoundError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("abcdef0 was never deployed"), std::string::npos) << what;
    EXPECT_NE(what.find("1111111 (deployed "), std::string::npos) << what;
  }
  EXPECT_THROW(deployer->rollback("alice/demo", kSecond), ConflictError) << "already serves";
  EXPECT_THROW(deployer->rollback("alice/demo", "111"), InvalidArgumentError) << "too short";
  EXPECT_THROW(deployer->rollback("alice/demo", "11111;rm"), InvalidArgumentError);
  EXPECT_EQ(space().current_commit, kSecond);
}

TEST_F(SpaceRollbackTest, AnAmbiguousPrefixIsRefused) {
  deploy("abcdef0100000000000000000000000000000000");
  deploy("abcdef0200000000000000000000000000000000");
  deploy(kThird);
  EXPECT_THROW(deployer->rollback("alice/demo", "abcdef0"), InvalidArgumentError);
  deployer->rollback("alice/demo", "ABCDEF01");  // letter case does not matter
  EXPECT_EQ(space().current_commit, "abcdef0100000000000000000000000000000000");
}

TEST_F(SpaceRollbackTest, ACommitWhoseImageWasRemovedCannotBeRolledBackTo) {
  options.keep_deploys = 2;
  make_deployer();
  deploy(kFirst);
  deploy(kSecond);
  deploy(kThird);
  try {
    deployer->rollback("alice/demo", "1111111");
    FAIL() << "rolled back to a removed image";
  } catch (const NotFoundError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("the image of commit " + kFirst + " was removed"), std::string::npos)
        << what;
    EXPECT_NE(what.find("2222222"), std::string::npos) << what;
  }
  EXPECT_EQ(space().current_commit, kThird);
}

TEST_F(SpaceRollbackTest, TheRouteMovedHookRunsBeforeTheOldInstanceIsRetired) {
  deploy(kFirst);
  deploy(kSecond);
  auto serving = space().current_container;
  bool old_running_at_hook = false;
  options.route_moved = [&](const std::string& id) {
    EXPECT_EQ(id, "alice/demo");
    old_running_at_hook = runner.instances.count(serving) > 0;
  };
  make_deployer();
  deployer->rollback("alice/demo");
  EXPECT_TRUE(old_running_at_hook);
  EXPECT_EQ(runner.instances.count(serving), 0u);
}

TEST_F(SpaceRollbackTest, TearDownRemovesEveryKeptImageAndTheHistory) {
  deploy(kFirst);
  deploy(kSecond);
  deploy(kThird);
  deployer->tear_down("alice/demo");
  auto removed = builder.removed;
  std::sort(removed.begin(), removed.end());
  EXPECT_EQ(removed,
            (std::vector<std::string>{image_of(kFirst), image_of(kSecond), image_of(kThird)}));
  EXPECT_TRUE(history().empty());
}

TEST_F(SpaceRollbackTest, RecoverKeepsAnInterruptedCommitsImageThatTheHistoryKeeps) {
  deploy(kFirst);
  deploy(kSecond);
  // kill -9 during a redeploy of the first commit: its image is still a rollback's.
  db.with([](SpaceStore& s, UserStore&) {
    s.set_deploying("alice/demo", kFirst);
    return 0;
  });
  builder.removed.clear();
  RouteTable fresh_routes;
  SpaceDeployer second(db, builder, runner, fresh_routes, options);
  EXPECT_EQ(second.recover().size(), 1u);
  EXPECT_TRUE(builder.removed.empty());
  EXPECT_TRUE(builder.has_image(image_of(kFirst)));
}

TEST_F(SpaceRollbackTest, ANewDeployThatCrashesInItsFirstMinuteIsRolledBack) {
  deploy(kFirst);
  deploy(kSecond);
  auto crashed = space().current_container;
  crash_current(3);
  deployer->check_instances();

  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_EQ(s.current_commit, kFirst);
  EXPECT_NE(s.error_message.find("Commit 2222222 crashed"), std::string::npos) << s.error_message;
  EXPECT_NE(s.error_message.find("rolled back to 1111111"), std::string::npos) << s.error_message;
  EXPECT_NE(s.error_message.find("exited with code 3"), std::string::npos) << s.error_message;
  EXPECT_NE(s.error_message.find("Traceback: boom"), std::string::npos) << s.error_message;
  EXPECT_EQ(routes.find("alice/demo")->instance, s.current_container);
  EXPECT_EQ(runner.instances.count(crashed), 0u) << "the crashed instance is removed";
  EXPECT_NE(build_log().find("Commit 2222222 crashed"), std::string::npos);
  EXPECT_NE(build_log().find("--> Rolled back to " + kFirst), std::string::npos);

  auto h = history();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].kind, DeployKind::kAutoRollback);
  EXPECT_TRUE(h[1].crashed);
  // A plain rollback skips the crashed deploy; naming it still works.
  EXPECT_THROW(deployer->rollback("alice/demo"), ConflictError);
  deployer->rollback("alice/demo", "2222222");
  EXPECT_EQ(space().current_commit, kSecond);
}

// A loopback port nothing listens on (bound, then closed).
uint16_t dead_port() {
  std::optional<berth::testing::LoopbackHttpApp> gone;
  gone.emplace();
  uint16_t port = gone->port();
  gone.reset();
  return port;
}

TEST_F(SpaceRollbackTest, ANewDeployThatStopsAnsweringInItsFirstMinuteIsRolledBack) {
  deploy(kFirst);
  deploy(kSecond);
  for (int i = 0; i < 5; ++i) deployer->probe_young_deploys();
  EXPECT_EQ(space().current_commit, kSecond) << "it answers: it stays";

  // Its app still runs but no longer answers on app_port.
  auto unhealthy = space().current_container;
  routes.set("alice/demo", Route{"127.0.0.1", dead_port(), unhealthy});
  for (int i = 1; i < kYoungProbeFailures; ++i) deployer->probe_young_deploys();
  EXPECT_EQ(space().current_commit, kSecond) << "not yet: a probe may fail once";
  deployer->probe_young_deploys();
  auto s = space();
  EXPECT_EQ(s.current_commit, kFirst);
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_NE(s.error_message.find("stopped answering"), std::string::npos) << s.error_message;
  EXPECT_NE(s.error_message.find("rolled back to 1111111"), std::string::npos) << s.error_message;
  EXPECT_EQ(runner.instances.count(unhealthy), 0u);
  EXPECT_EQ(routes.find("alice/demo")->instance, s.current_container);
}

TEST_F(SpaceRollbackTest, AFirstDeployThatStopsAnsweringKeepsServingWithTheError) {
  deploy(kFirst);
  routes.set("alice/demo", Route{"127.0.0.1", dead_port(), space().current_container});
  for (int i = 1; i < kYoungProbeFailures; ++i) {
    EXPECT_TRUE(deployer->probe_young_deploys()) << "still watched";
  }
  EXPECT_FALSE(deployer->probe_young_deploys()) << "its failure is recorded: none left to watch";
  auto s = space();
  EXPECT_EQ(s.current_commit, kFirst) << "nothing to roll back to";
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_NE(s.error_message.find("stopped answering"), std::string::npos) << s.error_message;
}

TEST_F(SpaceRollbackTest, ACrashAfterTheWindowIsARuntimeError) {
  options.rollback_window = std::chrono::seconds(0);
  make_deployer();
  deploy(kFirst);
  deploy(kSecond);
  crash_current(3);
  deployer->check_instances();
  EXPECT_EQ(space().stage, SpaceStage::kRuntimeError);
  EXPECT_EQ(space().current_commit, kSecond);
  EXPECT_FALSE(routes.find("alice/demo"));
}

TEST_F(SpaceRollbackTest, ASpaceInRuntimeErrorCanBeRolledBack) {
  options.rollback_window = std::chrono::seconds(0);
  make_deployer();
  deploy(kFirst);
  deploy(kSecond);
  auto crashed = space().current_container;
  crash_current(3);
  deployer->check_instances();
  ASSERT_EQ(space().stage, SpaceStage::kRuntimeError);
  deployer->rollback("alice/demo");
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_EQ(s.error_message, "");
  EXPECT_EQ(s.current_commit, kFirst);
  EXPECT_EQ(routes.find("alice/demo")->instance, s.current_container);
  EXPECT_EQ(runner.instances.count(crashed), 0u) << "the exited instance is removed";
}

TEST_F(SpaceRollbackTest, ARolledBackVersionThatCrashesIsNotRolledBackAgain) {
  deploy(kFirst);
  deploy(kSecond);
  deployer->rollback("alice/demo");
  crash_current(1);
  deployer->check_instances();
  EXPECT_EQ(space().stage, SpaceStage::kRuntimeError);
  EXPECT_EQ(space().current_commit, kFirst);
}

// The server queues automatic rollbacks on its deploy queue (DeployerOptions::queue_rollback).
class QueuedRollbackTest : public SpaceRollbackTest {
 protected:
  QueuedRollbackTest() {
    options.queue_rollback = [this](const std::string& space_id, std::string description,
                                    DeployerOptions::Job job) {
      queued.push_back({space_id, std::move(description), std::move(job)});
    };
    make_deployer();
  }
  struct Queued {
    std::string space_id;
    std::string description;
    DeployerOptions::Job job;
  };
  std::vector<Queued> queued;
};

TEST_F(QueuedRollbackTest, ACrashIsRolledBackByAQueuedJobNotByTheSweep) {
  deploy(kFirst);
  deploy(kSecond);
  auto crashed = space().current_container;
  crash_current(3);
  deployer->check_instances();
  ASSERT_EQ(queued.size(), 1u) << "the sweep queues it and goes on";
  EXPECT_EQ(queued[0].space_id, "alice/demo");
  EXPECT_EQ(queued[0].description, "automatic rollback of alice/demo");
  EXPECT_EQ(space().current_commit, kSecond) << "nothing rolled back on the sweep's thread";
  EXPECT_FALSE(routes.find("alice/demo")) << "no request goes to the exited instance meanwhile";
  deployer->check_instances();
  EXPECT_EQ(queued.size(), 1u) << "a second sweep queues nothing more";

  queued[0].job();
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_EQ(s.current_commit, kFirst);
  EXPECT_NE(s.error_message.find("Commit 2222222 crashed"), std::string::npos) << s.error_message;
  EXPECT_EQ(routes.find("alice/demo")->instance, s.current_container);
  EXPECT_EQ(runner.instances.count(crashed), 0u);
}

TEST_F(QueuedRollbackTest, AQueuedRollbackOfASpaceThatMovedOnDoesNothing) {
  deploy(kFirst);
  deploy(kSecond);
  crash_current(3);
  deployer->check_instances();
  ASSERT_EQ(queued.size(), 1u);
  deploy(kThird);  // a push that came first in the queue
  queued[0].job();
  EXPECT_EQ(space().current_commit, kThird);
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
  EXPECT_EQ(history().front().kind, DeployKind::kPush);
}

TEST_F(QueuedRollbackTest, ACrashWithNothingToRollBackToIsARuntimeErrorAtOnce) {
  deploy(kFirst);
  crash_current(3);
  deployer->check_instances();
  EXPECT_TRUE(queued.empty());
  EXPECT_EQ(space().stage, SpaceStage::kRuntimeError);
}

TEST_F(QueuedRollbackTest, ADeafDeployIsRolledBackByAQueuedJob) {
  deploy(kFirst);
  deploy(kSecond);
  routes.set("alice/demo", Route{"127.0.0.1", dead_port(), space().current_container});
  for (int i = 0; i < kYoungProbeFailures; ++i) deployer->probe_young_deploys();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(space().current_commit, kSecond);
  queued[0].job();
  EXPECT_EQ(space().current_commit, kFirst);
  EXPECT_NE(space().error_message.find("stopped answering"), std::string::npos);
}

}  // namespace space_rollback_test
}  // namespace berth::spaces
