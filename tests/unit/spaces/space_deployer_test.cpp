#include "spaces/space_deployer.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/spaces/fake_image_builder.hpp"
#include "fakes/spaces/fake_space_runner.hpp"
#include "support/loopback_http_app.hpp"

namespace berth::spaces {
namespace space_deployer_test {

namespace fs = std::filesystem;
using FakeApp = berth::testing::LoopbackHttpApp;

constexpr std::string_view kSecret = "sk-very-secret-value";

class SpaceDeployerTest : public ::testing::Test {
 protected:
  SpaceDeployerTest() : db(root.path()) {
    db.with([](SpaceStore& s, UserStore& u) {
      u.create_user("alice");
      s.create("alice", "demo", false);
      s.set_variable("alice/demo", "GREETING", "hi");
      s.set_secret("alice/demo", "API_KEY", kSecret);
      return 0;
    });
    DeployerOptions options;
    options.spaces_dir = root.path() / "spaces";
    options.domain = "example.test";
    options.machine = MachineFacts{4, int64_t{8} << 30, false};
    options.probe_interval = std::chrono::milliseconds(10);
    options.drain_time = std::chrono::milliseconds(0);
    deployer = std::make_unique<SpaceDeployer>(db, builder, runner, routes, options);
  }

  // A commit's files: a README with `header` (app_port added) and, when asked, a Dockerfile.
  fs::path source(const std::string& header, bool dockerfile = true) {
    auto dir = root.path() / ("src-" + std::to_string(++sources));
    fs::create_directories(dir);
    write_file_atomic(dir / "README.md",
                      "---\nsdk: docker\napp_port: " + std::to_string(app.port()) + "\n" + header +
                          "---\n# demo\n",
                      0644);
    if (dockerfile) write_file_atomic(dir / "Dockerfile", "FROM scratch\n", 0644);
    return dir;
  }
  SpaceRecord space() {
    return db.with([](SpaceStore& s, UserStore&) { return s.resolve("alice/demo"); });
  }
  std::string build_log() { return read_file(deployer->build_log_path("alice/demo")); }

  TempDir root;
  SpacesDatabase db;
  FakeApp app;
  FakeImageBuilder builder;
  FakeSpaceRunner runner;
  RouteTable routes;
  std::unique_ptr<SpaceDeployer> deployer;
  int sources = 0;
};

TEST_F(SpaceDeployerTest, APreviewGetsItsSpacesVariablesAndItsSecretsOnlyWhenAllowed) {
  auto preview =
      db.with([](SpaceStore& s, UserStore&) { return s.create_preview("alice/demo", "dev"); });
  deployer->deploy(preview.id, "0123456789abcdef0123", source(""));
  ASSERT_EQ(builder.requests.size(), 1u);
  EXPECT_EQ(builder.requests[0].build_args.at("GREETING"), "hi");
  EXPECT_TRUE(builder.requests[0].secrets.empty());
  ASSERT_EQ(runner.started.size(), 1u);
  EXPECT_EQ(runner.started[0].env.at("GREETING"), "hi");
  EXPECT_TRUE(runner.started[0].secrets.empty());
  EXPECT_EQ(runner.started[0].env.at("SPACE_HOST"), "alice-demo--dev.example.test");

  db.with([](SpaceStore& s, UserStore&) {
    s.set_preview_settings("alice/demo", true, false);
    return 0;
  });
  deployer->deploy(preview.id, "1123456789abcdef0123", source(""));
  EXPECT_EQ(builder.requests.back().secrets.at("API_KEY"), kSecret);
  EXPECT_EQ(runner.started.back().secrets.at("API_KEY"), kSecret);
}

TEST_F(SpaceDeployerTest, TheCardIsWhatTheReadmeHeaderSaysEvenWhenTheBuildFails) {
  builder.fail = true;
  deployer->deploy("alice/demo", "0123456789abcdef0123",
                   source("title: Demo\nemoji: 🚀\ncolorFrom: blue\ncolorTo: green\n"
                          "short_description: Shows things\n"));
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kBuildError);
  EXPECT_EQ(s.card, (SpaceCard{"Demo", "🚀", "blue", "green", "Shows things"}));
}

TEST_F(SpaceDeployerTest, CurrentHardwareIsWhatTheServingInstanceGot) {
  deployer->deploy("alice/demo", "0123456789abcdef0123", source(""));
  EXPECT_EQ(space().current_hardware, "cpu-basic");
  db.with([](SpaceStore& s, UserStore&) {
    s.set_hardware("alice/demo", "cpu-upgrade");
    return 0;
  });
  EXPECT_EQ(space().current_hardware, "cpu-basic") << "requested, not yet running";
  deployer->deploy("alice/demo", "1123456789abcdef0123", source(""));
  EXPECT_EQ(space().stage, SpaceStage::kRunning) << space().error_message;
  EXPECT_EQ(space().current_hardware, "cpu-upgrade");
}

TEST_F(SpaceDeployerTest, DeployBuildsRunsAndRoutes) {
  deployer->deploy("alice/demo", "0123456789abcdef0123", source("title: Demo\n"));
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRunning) << s.error_message;
  EXPECT_EQ(s.current_commit, "0123456789abcdef0123");
  EXPECT_EQ(s.current_image, "localhost/spaces/alice/demo:0123456789ab");
  // What a restart needs of the README header is in the row, nowhere else.
  EXPECT_EQ(s.deployed, (DeployedSettings{app.port(), "Demo", kDefaultStartupTimeout}));
  EXPECT_FALSE(fs::exists(deployer->space_dir("alice/demo") / "deployed.json"));

  ASSERT_EQ(builder.requests.size(), 1u);
  EXPECT_EQ(builder.requests[0].build_args.at("GREETING"), "hi");
  EXPECT_EQ(builder.requests[0].secrets.at("API_KEY"), kSecret);

  ASSERT_EQ(runner.started.size(), 1u);
  const auto& run = runner.started[0];
  EXPECT_EQ(run.network, "space-alice-demo");
  EXPECT_EQ(run.env.at("GREETING"), "hi");
  EXPECT_EQ(run.env.count("API_KEY"), 0u) << "secrets travel apart from the plain env";
  EXPECT_EQ(run.secrets.at("API_KEY"), kSecret);
  EXPECT_EQ(run.env.at("SPACE_ID"), "alice/demo");
  EXPECT_EQ(run.env.at("SPACE_HOST"), "alice-demo.example.test");
  EXPECT_EQ(run.env.at("SPACE_TITLE"), "Demo");
  EXPECT_EQ(run.env.at("CPU_CORES"), "2");
  EXPECT_EQ(run.env.at("MEMORY"), "7Gi") << "16 GiB clamped to the machine's 8, less its reserve";
  EXPECT_EQ(run.memory_bytes, int64_t{7} << 30);
  EXPECT_EQ(run.pids_limit, kSpacePidsLimit);
  EXPECT_EQ(run.disk_bytes, int64_t{50} << 30) << "cpu-basic's ephemeral disk caps the layer";
  EXPECT_FALSE(run.env.at("SPACE_CREATOR_USER_ID").empty());
  EXPECT_FALSE(run.data_dir) << "no storage, no /data";

  auto route = routes.find("ALICE/demo");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->port, app.port());
  EXPECT_EQ(route->instance, s.current_container);
  EXPECT_NE(build_log().find("cpu-basic is 2 vCPU / 16 GiB"), std::string::npos);
}

TEST_F(SpaceDeployerTest, RedeployRetiresTheOldInstanceAfterTheSwitch) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto first = space();
  deployer->deploy("alice/demo", "2222222222222222", source(""));
  auto second = space();
  EXPECT_EQ(second.stage, SpaceStage::kRunning);
  EXPECT_NE(second.current_container, first.current_container);
  EXPECT_EQ(runner.removed, std::vector<std::string>{first.current_container});
  EXPECT_TRUE(builder.removed.empty()) << "the old image is kept for rollbacks";
  EXPECT_EQ(routes.find("alice/demo")->instance, second.current_container);
}

TEST_F(SpaceDeployerTest, NoDockerfileIsNoAppFile) {
  deployer->deploy("alice/demo", "1111111111111111", source("", false));
  EXPECT_EQ(space().stage, SpaceStage::kNoAppFile);
  EXPECT_NE(space().error_message.find("Dockerfile"), std::string::npos);
  EXPECT_TRUE(builder.requests.empty());
}

TEST_F(SpaceDeployerTest, BadHeaderIsConfigErrorNamingKeyValueAndLine) {
  deployer->deploy("alice/demo", "1111111111111111", source("colorFrom: orange\n"));
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kConfigError);
  EXPECT_NE(s.error_message.find("README.md:4"), std::string::npos) << s.error_message;
  EXPECT_NE(s.error_message.find("orange"), std::string::npos) << s.error_message;
  EXPECT_TRUE(builder.requests.empty());
}

TEST_F(SpaceDeployerTest, GpuHardwareIsRefusedBeforeBuilding) {
  db.with([](SpaceStore& s, UserStore&) {
    s.set_hardware("alice/demo", "t4-small");
    return 0;
  });
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  EXPECT_EQ(space().stage, SpaceStage::kConfigError);
  EXPECT_NE(space().error_message.find("has none"), std::string::npos) << space().error_message;
  EXPECT_TRUE(builder.requests.empty());
}

TEST_F(SpaceDeployerTest, FailedBuildWithoutOldVersionIsBuildError) {
  builder.fail = true;
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  EXPECT_EQ(space().stage, SpaceStage::kBuildError);
  EXPECT_NE(space().error_message.find("exit code 3"), std::string::npos);
  EXPECT_FALSE(routes.find("alice/demo"));
}

TEST_F(SpaceDeployerTest, FailedBuildKeepsTheOldVersionServing) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto serving = space();
  builder.fail = true;
  deployer->deploy("alice/demo", "2222222222222222", source(""));
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_NE(s.error_message.find("Build failed"), std::string::npos);
  EXPECT_EQ(s.current_container, serving.current_container);
  EXPECT_EQ(routes.find("alice/demo")->instance, serving.current_container);
  EXPECT_TRUE(runner.removed.empty());
}

TEST_F(SpaceDeployerTest, CheckoutIntoItsOwnScratchDirThatGoesAfterwards) {
  auto files = source("");
  fs::path used;
  deployer->deploy("alice/demo", "1111111111111111", [&](const fs::path& into) {
    used = into;
    fs::copy(files, into, fs::copy_options::recursive);
  });
  EXPECT_EQ(space().stage, SpaceStage::kRunning) << space().error_message;
  EXPECT_EQ(builder.requests.at(0).context, used);
  EXPECT_FALSE(fs::exists(used)) << "the checkout is removed after the deploy";
}

TEST_F(SpaceDeployerTest, FailedCheckoutIsABuildErrorAndKeepsTheOldVersion) {
  auto fails = [](const fs::path&) { throw Error("git: bad object 2222"); };
  deployer->deploy("alice/demo", "2222222222222222", fails);
  EXPECT_EQ(space().stage, SpaceStage::kBuildError);
  EXPECT_NE(space().error_message.find("bad object 2222"), std::string::npos);

  deployer->deploy("alice/demo", "1111111111111111", source(""));
  deployer->deploy("alice/demo", "2222222222222222", fails);
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
  EXPECT_NE(space().error_message.find("bad object 2222"), std::string::npos);
  EXPECT_EQ(space().current_commit, "1111111111111111");
}

TEST_F(SpaceDeployerTest, AppThatExitsIsRuntimeErrorWithItsLastLines) {
  runner.exits_at_start = true;
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRuntimeError);
  EXPECT_NE(s.error_message.find("exited with code 2"), std::string::npos) << s.error_message;
  EXPECT_NE(s.error_message.find("Traceback: boom"), std::string::npos) << s.error_message;
  EXPECT_EQ(runner.removed.size(), 1u) << "the failed instance is removed";
}

TEST_F(SpaceDeployerTest, AppThatNeverAnswersTimesOut) {
  runner.address = "127.0.0.1";
  // Nothing listens on app_port 1 here; a 1 s startup timeout ends the wait.
  auto dir = root.path() / "silent";
  fs::create_directories(dir);
  write_file_atomic(dir / "README.md",
                    "---\nsdk: docker\napp_port: 1\nstartup_duration_timeout: 1s\n---\n", 0644);
  write_file_atomic(dir / "Dockerfile", "FROM scratch\n", 0644);
  deployer->deploy("alice/demo", "1111111111111111", dir);
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kRuntimeError);
  EXPECT_NE(s.error_message.find("did not answer on port 1 within 1 s"), std::string::npos)
      << s.error_message;
}

TEST_F(SpaceDeployerTest, SecretValuesAreRedactedFromTheBuildLog) {
  builder.output = {"echo " + std::string(kSecret), "done"};
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto log = build_log();
  EXPECT_EQ(log.find(kSecret), std::string::npos) << log;
  EXPECT_NE(log.find("echo ***"), std::string::npos) << log;
}

TEST_F(SpaceDeployerTest, RestartStartsAFreshInstanceOfTheSameImage) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto before = space();
  EXPECT_NE(before.last_modified, before.created);  // the push modified the Space
  deployer->restart("alice/demo");
  auto after = space();
  EXPECT_EQ(after.last_modified, before.last_modified);  // a restart does not
  EXPECT_EQ(after.stage, SpaceStage::kRunning);
  EXPECT_NE(after.current_container, before.current_container);
  EXPECT_EQ(after.current_image, before.current_image);
  EXPECT_EQ(runner.removed, std::vector<std::string>{before.current_container});
  EXPECT_EQ(routes.find("alice/demo")->instance, after.current_container);
}

TEST_F(SpaceDeployerTest, RecoverRoutesRunningInstancesAndRestartsVanishedOnes) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto deployed = space();
  RouteTable fresh_routes;  // a new server process
  DeployerOptions options;
  options.spaces_dir = root.path() / "spaces";
  options.machine = MachineFacts{4, int64_t{8} << 30, false};
  options.probe_interval = std::chrono::milliseconds(10);
  SpaceDeployer second(db, builder, runner, fresh_routes, options);
  second.recover();
  ASSERT_TRUE(fresh_routes.find("alice/demo"));
  EXPECT_EQ(fresh_routes.find("alice/demo")->instance, deployed.current_container);

  runner.instances.clear();  // a reboot: the container is gone
  RouteTable after_reboot;
  SpaceDeployer third(db, builder, runner, after_reboot, options);
  third.recover();
  ASSERT_TRUE(after_reboot.find("alice/demo"));
  EXPECT_NE(space().current_container, deployed.current_container);
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
}

TEST_F(SpaceDeployerTest, RecoverRemovesInstancesADeadServerLeftBehind) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto deployed = space();
  // Killed after starting the next deploy's instance, before its route switched; and an
  // instance of a Space deleted since.
  runner.instances["space-alice-demo-2222222-2"] = {InstanceStatus::State::kRunning, 0, "10.0.0.9"};
  runner.space_of["space-alice-demo-2222222-2"] = "alice/demo";
  runner.instances["space-bob-gone-3333333-1"] = {InstanceStatus::State::kExited, 0, ""};
  runner.space_of["space-bob-gone-3333333-1"] = "bob/gone";
  runner.removed.clear();
  RouteTable fresh_routes;
  DeployerOptions options;
  options.spaces_dir = root.path() / "spaces";
  options.machine = MachineFacts{4, int64_t{8} << 30, false};
  SpaceDeployer second(db, builder, runner, fresh_routes, options);
  second.recover();
  std::sort(runner.removed.begin(), runner.removed.end());
  EXPECT_EQ(runner.removed,
            (std::vector<std::string>{"space-alice-demo-2222222-2", "space-bob-gone-3333333-1"}));
  EXPECT_EQ(fresh_routes.find("alice/demo")->instance, deployed.current_container);
  EXPECT_EQ(runner.instances.count(deployed.current_container), 1u);
}

TEST_F(SpaceDeployerTest, RecoverCleansUpADeployTheServerWasKilledInAndReturnsItsCommit) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto serving = space();
  EXPECT_EQ(serving.deploying_commit, "") << "a finished deploy leaves no marker";
  // kill -9 during the build of the next push: the marker, its checkout and its image stay.
  db.with([](SpaceStore& s, UserStore&) {
    s.set_deploying("alice/demo", "2222222222222222");
    s.set_stage("alice/demo", SpaceStage::kRunningBuilding);
    return 0;
  });
  auto checkout = deployer->space_dir("alice/demo") / "checkout-2222222222222222";
  fs::create_directories(checkout);
  write_file_atomic(checkout / "Dockerfile", "FROM scratch\n", 0644);
  builder.removed.clear();

  RouteTable fresh_routes;
  DeployerOptions options;
  options.spaces_dir = root.path() / "spaces";
  options.machine = MachineFacts{4, int64_t{8} << 30, false};
  options.probe_interval = std::chrono::milliseconds(10);
  options.drain_time = std::chrono::milliseconds(0);
  SpaceDeployer second(db, builder, runner, fresh_routes, options);
  auto interrupted = second.recover();
  ASSERT_EQ(interrupted.size(), 1u);
  EXPECT_EQ(interrupted[0].space.id, "alice/demo");
  EXPECT_EQ(interrupted[0].commit, "2222222222222222");
  EXPECT_FALSE(fs::exists(checkout));
  EXPECT_EQ(builder.removed, std::vector<std::string>{"localhost/spaces/alice/demo:222222222222"});
  EXPECT_EQ(fresh_routes.find("alice/demo")->instance, serving.current_container)
      << "the old version serves until the commit is deployed again";

  second.deploy("alice/demo", "2222222222222222", source(""));
  EXPECT_EQ(space().stage, SpaceStage::kRunning);
  EXPECT_EQ(space().current_commit, "2222222222222222");
  EXPECT_EQ(space().deploying_commit, "");
  EXPECT_TRUE(second.recover().empty());
}

TEST_F(SpaceDeployerTest, HostAccessChangesWhenNoInstanceHoldsTheNetwork) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  const std::string network = runner.started.back().network;
  EXPECT_EQ(runner.network_access.at(network), false);  // off by default

  db.with([](SpaceStore& s, UserStore&) {
    s.set_host_access("alice/demo", true);
    return 0;
  });
  // A redeploy keeps the old version serving on the network: the change waits.
  deployer->deploy("alice/demo", "2222222222222222", source(""));
  EXPECT_EQ(runner.network_access.at(network), false);
  EXPECT_TRUE(runner.removed_networks.empty());
  EXPECT_NE(read_file(deployer->build_log_path("alice/demo")).find("at the next restart"),
            std::string::npos);
  // A restart removes the old instance first: the network is made again, with access.
  deployer->restart("alice/demo");
  EXPECT_EQ(runner.removed_networks, std::vector<std::string>{network});
  EXPECT_EQ(runner.network_access.at(network), true);
  EXPECT_EQ(space().stage, SpaceStage::kRunning);

  // A network that cannot be made again (something else holds it) fails the restart with a
  // stage and a message, not an exception.
  db.with([](SpaceStore& s, UserStore&) {
    s.set_host_access("alice/demo", false);
    return 0;
  });
  runner.network_in_use = true;
  deployer->restart("alice/demo");
  EXPECT_EQ(space().stage, SpaceStage::kRuntimeError);
  EXPECT_NE(space().error_message.find("preparing the network " + network + ": "),
            std::string::npos)
      << space().error_message;
}

TEST_F(SpaceDeployerTest, ExitedInstanceTurnsTheSpaceIntoRuntimeError) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  runner.instances.begin()->second = InstanceStatus{InstanceStatus::State::kExited, 137, ""};
  deployer->check_instances();
  EXPECT_EQ(space().stage, SpaceStage::kRuntimeError);
  EXPECT_NE(space().error_message.find("code 137"), std::string::npos);
  EXPECT_FALSE(routes.find("alice/demo"));
}

TEST_F(SpaceDeployerTest, NamesThatMapToOneLabelGetTheirOwnHostNetworkAndInstances) {
  // "alice-my/app" and "alice/my-app" both read "alice-my-app": the later one must not get
  // the earlier one's host (its visitors' cookies) or network.
  db.with([](SpaceStore& s, UserStore&) {
    s.create("alice", "my-app", true);
    s.create("alice-my", "app", false);
    return 0;
  });
  deployer->deploy("alice/my-app", "1111111111111111", source(""));
  deployer->deploy("alice-my/app", "2222222222222222", source(""));
  ASSERT_EQ(runner.started.size(), 2u);
  const auto& victim = runner.started[0];
  const auto& squatter = runner.started[1];
  EXPECT_EQ(victim.env.at("SPACE_HOST"), "alice-my-app.example.test");
  EXPECT_NE(squatter.env.at("SPACE_HOST"), victim.env.at("SPACE_HOST"));
  EXPECT_NE(squatter.network, victim.network);
  EXPECT_FALSE(squatter.instance_name.starts_with(victim.network + "."));
  EXPECT_EQ(deployer->host_of("alice-my/app"), squatter.env.at("SPACE_HOST"));
}

TEST_F(SpaceDeployerTest, ReadmeLinkOutOfTheCheckoutIsAConfigErrorThatShowsNothingOfIt) {
  auto outside = root.path() / "host-file";
  write_file_atomic(outside, "---\nsdk: docker\ntitle: root:TOPSECRET-HASH\n---\n", 0600);
  auto dir = source("");
  fs::remove(dir / "README.md");
  fs::create_symlink(outside, dir / "README.md");
  deployer->deploy("alice/demo", "1111111111111111", dir);
  auto s = space();
  EXPECT_EQ(s.stage, SpaceStage::kConfigError);
  EXPECT_NE(s.error_message.find("README.md is a symbolic link that leads outside"),
            std::string::npos)
      << s.error_message;
  EXPECT_EQ(build_log().find("TOPSECRET"), std::string::npos);
  EXPECT_TRUE(builder.requests.empty());

  // "../" out of the checkout is refused the same way.
  fs::remove(dir / "README.md");
  fs::create_symlink("../host-file", dir / "README.md");
  deployer->deploy("alice/demo", "1111111111111111", dir);
  EXPECT_EQ(space().stage, SpaceStage::kConfigError);
  EXPECT_EQ(build_log().find("TOPSECRET"), std::string::npos);
}

TEST_F(SpaceDeployerTest, ReadmeLinkInsideTheCheckoutIsFollowed) {
  auto dir = source("title: Linked\n");
  fs::create_directories(dir / "docs");
  fs::rename(dir / "README.md", dir / "docs" / "README.md");
  fs::create_symlink("docs/README.md", dir / "README.md");
  deployer->deploy("alice/demo", "1111111111111111", dir);
  EXPECT_EQ(space().stage, SpaceStage::kRunning) << space().error_message;
  EXPECT_EQ(runner.started.back().env.at("SPACE_TITLE"), "Linked");
}

TEST_F(SpaceDeployerTest, DockerfileLinkIsRefusedBeforeTheBuild) {
  auto outside = root.path() / "host-dockerfile";
  write_file_atomic(outside, "FROM scratch\n", 0600);
  auto dir = source("", false);
  fs::create_symlink(outside, dir / "Dockerfile");
  deployer->deploy("alice/demo", "1111111111111111", dir);
  EXPECT_EQ(space().stage, SpaceStage::kConfigError);
  EXPECT_NE(space().error_message.find("Dockerfile is a symbolic link"), std::string::npos);
  EXPECT_TRUE(builder.requests.empty());
}

TEST_F(SpaceDeployerTest, ReadmeLargerThanOneMebibyteIsAConfigError) {
  auto dir = source("");
  write_file_atomic(dir / "README.md", "---\nsdk: docker\n---\n" + std::string(1 << 20, 'x'), 0644);
  deployer->deploy("alice/demo", "1111111111111111", dir);
  EXPECT_EQ(space().stage, SpaceStage::kConfigError);
  EXPECT_NE(space().error_message.find("README.md is larger than 1 MiB"), std::string::npos)
      << space().error_message;
}

TEST_F(SpaceDeployerTest, TearDownRemovesInstanceImageAndNetwork) {
  deployer->deploy("alice/demo", "1111111111111111", source(""));
  auto s = space();
  deployer->tear_down("alice/demo");
  EXPECT_EQ(runner.removed, std::vector<std::string>{s.current_container});
  EXPECT_EQ(builder.removed, std::vector<std::string>{s.current_image});
  EXPECT_EQ(runner.removed_networks, std::vector<std::string>{"space-alice-demo"});
  EXPECT_FALSE(routes.find("alice/demo"));
}

}  // namespace space_deployer_test
}  // namespace berth::spaces
