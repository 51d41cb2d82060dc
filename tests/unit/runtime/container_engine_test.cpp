#include "runtime/container_engine.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/runtime/fake_container_supervisor.hpp"
#include "fakes/runtime/fake_oci_runtime.hpp"
#include "fakes/runtime/fake_rootfs_mounter.hpp"
#include "support/test_images.hpp"

namespace berth::runtime {
namespace {

// The engine's lifecycle rules over fakes: no root, no runc, no shim, no mounts.
class ContainerEngineTest : public ::testing::Test {
 protected:
  EngineOptions options() {
    EngineOptions o;
    o.root = root.path();
    o.run_dir = run_dir.path();
    o.shim_path = "/nonexistent/berth-shim";
    o.berth_path = "/nonexistent/berth";
    o.make_runtime = [this](const std::string& name) {
      ++runtimes_made;
      EXPECT_EQ(name, "runc");  // the request's default
      if (!unusable_runtime.empty()) runtime->set_unusable(unusable_runtime);
      return runtime;
    };
    o.supervisor = supervisor;
    o.mounter = mounter;
    return o;
  }

  ContainerRecord create(ContainerRequest request = {}) {
    request.image = "app:1";
    return engine.create(request);
  }

  TempDir root;
  TempDir run_dir;
  image::ImageStore images{root.path()};
  ContainerStore containers{root.path()};
  volume::VolumeStore volumes{root.path()};
  // The containers' processes run until the test ends them (supervisor->exit).
  std::shared_ptr<FakeOciRuntime> runtime =
      std::make_shared<FakeOciRuntime>([](const std::vector<std::string>&) {
        return FakeOciRuntime::Behaviour{{}, 0, true, {}};
      });
  std::shared_ptr<FakeContainerSupervisor> supervisor =
      std::make_shared<FakeContainerSupervisor>(runtime);
  std::shared_ptr<FakeRootfsMounter> mounter = std::make_shared<FakeRootfsMounter>();
  int runtimes_made = 0;
  std::string unusable_runtime;
  ContainerEngine engine{options(), images, containers, volumes};
  Digest image_id =
      test_support::add_image(images, {{test_support::make_layer({{"etc/hostname", "x\n"}})},
                                       {"app:1"},
                                       "2024-01-01T00:00:00Z",
                                       {{"Cmd", {"/bin/app"}}}});
};

TEST_F(ContainerEngineTest, StartMountsLaunchesTheShimAndRecordsRunning) {
  auto c = create();
  EXPECT_EQ(c.state, ContainerState::kCreated);
  auto started = engine.start(c.id);
  EXPECT_EQ(started.state, ContainerState::kRunning);
  auto launches = supervisor->launches();
  ASSERT_EQ(launches.size(), 1u);
  const auto& launch = launches[0];
  EXPECT_EQ(launch.id, c.id);
  // The shim's exit command is this engine's cleanup.
  EXPECT_EQ(launch.exit_command.back(), c.id);
  EXPECT_TRUE(std::filesystem::exists(launch.bundle / "config.json"));
  EXPECT_EQ(mounter->mounted_count(), 1u);
  // Starting a running container does nothing.
  engine.start(c.id);
  EXPECT_EQ(supervisor->launches().size(), 1u);
}

TEST_F(ContainerEngineTest, RunOptionsReachTheSpecAndTheEtcFiles) {
  ContainerRequest request;
  request.cap_drop = {"ALL"};
  request.cap_add = {"net_admin"};
  request.ulimits = {{"nofile", {123, 456}}};
  request.extra_hosts = {"db=10.0.0.9"};  // compose's form; stored as Docker's "db:10.0.0.9"
  request.dns = {"192.0.2.53"};
  request.dns_options = {"ndots:2"};
  request.shm_size = 8 << 20;
  auto c = engine.start(create(request).id);
  EXPECT_EQ(request_from_json(c.request).extra_hosts, std::vector<std::string>{"db:10.0.0.9"});
  auto launch = supervisor->launches().at(0);
  Json spec = Json::parse(read_file(launch.bundle / "config.json"));
  EXPECT_EQ(spec["process"]["capabilities"]["effective"], Json({"CAP_NET_ADMIN"}));
  EXPECT_EQ(spec["process"]["rlimits"][0],
            (Json{{"type", "RLIMIT_NOFILE"}, {"hard", 456}, {"soft", 123}}));
  bool shm_sized = false;
  for (const auto& m : spec["mounts"]) {
    if (m["destination"] != "/dev/shm") continue;
    for (const auto& o : m["options"]) shm_sized |= o == "size=8388608";
  }
  EXPECT_TRUE(shm_sized) << spec["mounts"];
  auto dir = engine.container_dir(c.id);
  EXPECT_NE(read_file(dir / "hosts").find("10.0.0.9\tdb\n"), std::string::npos);
  EXPECT_EQ(read_file(dir / "resolv.conf").find("nameserver 192.0.2.53\n"), 0u)
      << read_file(dir / "resolv.conf");
  EXPECT_NE(read_file(dir / "resolv.conf").find("options ndots:2\n"), std::string::npos);
}

TEST_F(ContainerEngineTest, BadRunOptionsAreRefusedAtCreateWithNothingRecorded) {
  ContainerRequest request;
  request.cap_add = {"bogus"};
  try {
    create(request);
    ADD_FAILURE() << "no error";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_STREQ(e.what(), "invalid CapAdd: unknown capability: \"CAP_BOGUS\"");
  }
  EXPECT_TRUE(containers.list().empty());
}

TEST_F(ContainerEngineTest, ReadReconcilesAnExitRecordedByTheShim) {
  auto c = engine.start(create().id);
  supervisor->exit(c.id, 3);
  auto after = engine.get(c.id);
  EXPECT_EQ(after.state, ContainerState::kExited);
  EXPECT_EQ(after.exit_code, 3);
  EXPECT_EQ(after.pid, 0);
  EXPECT_TRUE(after.error.empty());
}

TEST_F(ContainerEngineTest, ReadReconcilesADeadShimAndDeletesTheRuntimeState) {
  auto c = engine.start(create().id);
  supervisor->crash_shim(c.id);
  auto after = engine.get(c.id);
  EXPECT_EQ(after.state, ContainerState::kExited);
  EXPECT_EQ(after.exit_code, 255);
  EXPECT_NE(after.error.find("container shim exited unexpectedly"), std::string::npos);
  // The container the dead shim left is deleted from the runtime, killed if need be.
  EXPECT_EQ(runtime->calls().back(), "remove --force " + c.id);
  EXPECT_FALSE(runtime->state(c.id));
  // Listing reconciles the same way and does not repeat the clean-up.
  auto calls = runtime->calls().size();
  EXPECT_EQ(engine.list().at(0).state, ContainerState::kExited);
  EXPECT_EQ(runtime->calls().size(), calls);
  EXPECT_EQ(runtimes_made, 1);  // made once, on first use
}

TEST_F(ContainerEngineTest, CleanupIsIdempotentAndUnmounts) {
  auto c = engine.start(create().id);
  supervisor->exit(c.id, 0);
  engine.cleanup(c.id);
  EXPECT_EQ(mounter->mounted_count(), 0u);
  EXPECT_FALSE(std::filesystem::exists(run_dir.path() / c.id));
  engine.cleanup(c.id);  // the shim's exit command and `stop` may both run it
  EXPECT_EQ(engine.get(c.id).state, ContainerState::kExited);
  engine.cleanup("no-such-container");  // removed meanwhile (--rm): nothing to do
}

TEST_F(ContainerEngineTest, CleanupRemovesAnAutoRemoveContainer) {
  ContainerRequest request;
  request.auto_remove = true;
  auto c = engine.start(create(request).id);
  supervisor->exit(c.id, 0);
  engine.cleanup(c.id);
  EXPECT_THROW(engine.get(c.id), NotFoundError);
  EXPECT_FALSE(std::filesystem::exists(engine.container_dir(c.id)));
}

TEST_F(ContainerEngineTest, CleanupLeavesAnAutoRemoveContainerToItsForegroundClient) {
  ContainerRequest request;
  request.auto_remove = true;
  auto c = create(request);
  std::optional<store::FileLock> client = engine.hold_for_foreground_client(c.id);
  engine.start(c.id);
  supervisor->exit(c.id, 4);
  engine.cleanup(c.id);  // the shim's exit command, before the client read the exit code
  EXPECT_EQ(engine.wait(c.id), 4);
  EXPECT_EQ(mounter->mounted_count(), 0u);
  client.reset();
  engine.cleanup(c.id);  // the client's own
  EXPECT_THROW(engine.get(c.id), NotFoundError);
  engine.cleanup(c.id);  // and the exit command's, when it came second: nothing left to do
}

TEST_F(ContainerEngineTest, RestartPolicyAlwaysStartsTheContainerAgain) {
  ContainerRequest request;
  request.restart = RestartPolicy::parse("always");
  auto c = engine.start(create(request).id);
  supervisor->exit(c.id, 0);
  engine.cleanup(c.id);  // as the exit command: waits the back-off, then starts again
  auto after = engine.get(c.id);
  EXPECT_EQ(after.state, ContainerState::kRunning);
  EXPECT_EQ(after.restart_count, 1);
  EXPECT_EQ(supervisor->launches().size(), 2u);
}

TEST_F(ContainerEngineTest, RestartOnFailureStopsAtItsMaximum) {
  ContainerRequest request;
  request.restart = RestartPolicy::parse("on-failure:1");
  auto c = engine.start(create(request).id);
  supervisor->exit(c.id, 1);
  engine.cleanup(c.id);
  EXPECT_EQ(engine.get(c.id).state, ContainerState::kRunning);
  supervisor->exit(c.id, 1);
  engine.cleanup(c.id);
  auto after = engine.get(c.id);
  EXPECT_EQ(after.state, ContainerState::kExited);
  EXPECT_EQ(after.restart_count, 1);
  EXPECT_EQ(supervisor->launches().size(), 2u);
}

TEST_F(ContainerEngineTest, RestartOnFailureIgnoresASuccessfulExit) {
  ContainerRequest request;
  request.restart = RestartPolicy::parse("on-failure");
  auto c = engine.start(create(request).id);
  supervisor->exit(c.id, 0);
  engine.cleanup(c.id);
  EXPECT_EQ(engine.get(c.id).state, ContainerState::kExited);
  EXPECT_EQ(supervisor->launches().size(), 1u);
}

TEST_F(ContainerEngineTest, StopSignalsThenCleansUpAndSuppressesTheRestart) {
  ContainerRequest request;
  request.restart = RestartPolicy::parse("always");
  request.stop_signal = "SIGINT";
  auto c = engine.start(create(request).id);
  auto stopped = engine.stop(c.id, 5);
  EXPECT_EQ(stopped.state, ContainerState::kExited);
  EXPECT_EQ(stopped.exit_code, 128 + SIGINT);
  EXPECT_EQ(supervisor->signals(c.id), std::vector<int>{SIGINT});
  EXPECT_EQ(mounter->mounted_count(), 0u);
  EXPECT_EQ(supervisor->launches().size(), 1u);  // stopped by the user: not restarted
}

TEST_F(ContainerEngineTest, KillRefusesAContainerThatIsNotRunning) {
  auto c = create();
  try {
    engine.kill(c.id, "KILL");
    FAIL() << "kill of a created container succeeded";
  } catch (const ConflictError& e) {
    EXPECT_NE(std::string(e.what()).find("is not running"), std::string::npos);
  }
}

TEST_F(ContainerEngineTest, AFailedLaunchRecordsTheErrorAndUnmounts) {
  auto c = create();
  supervisor->fail_next_launch("exec: \"/bin/app\": executable file not found in $PATH");
  try {
    engine.start(c.id);
    FAIL() << "start succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 127);  // Docker's "command not found"
    EXPECT_NE(std::string(e.what()).find("OCI runtime create failed"), std::string::npos);
  }
  auto after = engine.get(c.id);
  EXPECT_EQ(after.state, ContainerState::kExited);
  EXPECT_EQ(after.exit_code, 127);
  EXPECT_EQ(mounter->mounted_count(), 0u);
}

TEST_F(ContainerEngineTest, AnUnusableRuntimeFailsTheStartBeforeAnythingIsMounted) {
  unusable_runtime = "runc is not installed";
  auto c = create();
  try {
    engine.start(c.id);
    FAIL() << "start succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_STREQ(e.what(), "runc is not installed");
  }
  EXPECT_EQ(mounter->mounted_count(), 0u);
  EXPECT_TRUE(supervisor->launches().empty());
  EXPECT_EQ(engine.get(c.id).error, "runc is not installed");
}

TEST_F(ContainerEngineTest, PauseAndUnpauseGoThroughTheRuntime) {
  auto c = engine.start(create().id);
  engine.pause(c.id);
  EXPECT_EQ(engine.get(c.id).state, ContainerState::kPaused);
  EXPECT_THROW(engine.pause(c.id), ConflictError);
  engine.unpause(c.id);
  EXPECT_EQ(engine.get(c.id).state, ContainerState::kRunning);
  auto calls = runtime->calls();
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(std::vector<std::string>(calls.end() - 2, calls.end()),
            (std::vector<std::string>{"pause " + c.id, "resume " + c.id}));
  EXPECT_EQ(runtime->state(c.id)->status, "running");
}

TEST_F(ContainerEngineTest, ARuntimeRefusalNamesTheContainerAsTheUserKnowsIt) {
  auto c = engine.start(create().id);
  runtime->pause(c.id);  // behind the engine's back: its record still says running
  try {
    engine.pause(c.id);
    FAIL() << "pause succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot pause container " + c.name + ": container not running");
  }
}

TEST_F(ContainerEngineTest, RemoveRefusesARunningContainerUnlessForced) {
  auto c = engine.start(create().id);
  EXPECT_THROW(engine.remove(c.id, false), ConflictError);
  engine.remove(c.id, true);
  EXPECT_THROW(engine.get(c.id), NotFoundError);
  EXPECT_EQ(supervisor->signals(c.id), std::vector<int>{SIGKILL});
  EXPECT_EQ(mounter->mounted_count(), 0u);
}

}  // namespace
}  // namespace berth::runtime
