#include "runtime/health_check.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/runtime/fake_container_supervisor.hpp"
#include "fakes/runtime/fake_oci_runtime.hpp"
#include "fakes/runtime/fake_rootfs_mounter.hpp"
#include "support/test_images.hpp"

namespace berth::runtime {
namespace {

using namespace std::chrono_literals;

HealthLogEntry probe_result(TimePoint at, int exit_code, std::string output = "") {
  return {format_rfc3339_nano(at), format_rfc3339_nano(at + 10ms), exit_code, std::move(output)};
}

HealthConfig shell_check(std::string command) {
  HealthConfig h;
  h.test = {"CMD-SHELL", std::move(command)};
  return h;
}

TEST(HealthStateMachine, SuccessMakesItHealthyAndClearsTheStreak) {
  auto started = std::chrono::system_clock::now();
  HealthState state;
  auto config = shell_check("true");
  record_probe_result(state, config, started, probe_result(started + 1s, 1, "no\n"));
  EXPECT_EQ(state.status, "starting");
  EXPECT_EQ(state.failing_streak, 1);
  record_probe_result(state, config, started, probe_result(started + 2s, 0, "ok\n"));
  EXPECT_EQ(state.status, "healthy");
  EXPECT_EQ(state.failing_streak, 0);
  ASSERT_EQ(state.log.size(), 2u);
  EXPECT_EQ(state.log[1].output, "ok\n");
}

TEST(HealthStateMachine, RetriesFailuresInARowMakeItUnhealthy) {
  auto started = std::chrono::system_clock::now();
  HealthState state;
  auto config = shell_check("false");  // retries: Docker's default, 3
  for (int i = 1; i <= 2; ++i) {
    record_probe_result(state, config, started, probe_result(started + i * 1s, 1));
    EXPECT_EQ(state.status, "starting");
    EXPECT_EQ(state.failing_streak, i);
  }
  record_probe_result(state, config, started, probe_result(started + 3s, 1));
  EXPECT_EQ(state.status, "unhealthy");
  EXPECT_EQ(state.failing_streak, 3);
  // One success brings it back.
  record_probe_result(state, config, started, probe_result(started + 4s, 0));
  EXPECT_EQ(state.status, "healthy");
  config.retries = 1;
  record_probe_result(state, config, started, probe_result(started + 5s, 2));
  EXPECT_EQ(state.status, "unhealthy");
}

TEST(HealthStateMachine, FailuresInsideTheStartPeriodCountOnlyOnceHealthy) {
  auto started = std::chrono::system_clock::now();
  auto config = shell_check("check");
  config.start_period = 60s;
  config.retries = 1;
  HealthState state;
  record_probe_result(state, config, started, probe_result(started + 5s, 1));
  EXPECT_EQ(state.status, "starting");
  EXPECT_EQ(state.failing_streak, 0);
  EXPECT_EQ(state.log.size(), 1u);  // logged all the same
  // Once healthy, a failure counts even inside the start period.
  record_probe_result(state, config, started, probe_result(started + 6s, 0));
  record_probe_result(state, config, started, probe_result(started + 7s, 1));
  EXPECT_EQ(state.status, "unhealthy");
  // After the start period, a starting container's failures count.
  HealthState late;
  record_probe_result(late, config, started, probe_result(started + 61s, 1));
  EXPECT_EQ(late.status, "unhealthy");
}

TEST(HealthStateMachine, TheLogKeepsTheLastFiveResults) {
  auto started = std::chrono::system_clock::now();
  HealthState state;
  for (int i = 0; i < 7; ++i) {
    record_probe_result(state, shell_check("x"), started,
                        probe_result(started + i * 1s, 0, std::to_string(i)));
  }
  ASSERT_EQ(state.log.size(), kHealthLogEntries);
  EXPECT_EQ(state.log.front().output, "2");
  EXPECT_EQ(state.log.back().output, "6");
}

TEST(HealthStateMachine, NextProbeUsesTheStartIntervalWhileStarting) {
  auto started = std::chrono::system_clock::now();
  auto config = shell_check("x");
  HealthState state;
  // No start period: the interval (default 30s) from the start.
  EXPECT_EQ(next_probe_delay(config, state, started, started + 1s), 30s);
  config.start_period = 20s;
  EXPECT_EQ(next_probe_delay(config, state, started, started + 1s), 5s);  // default start interval
  config.start_interval = 1s;
  config.interval = 10s;
  EXPECT_EQ(next_probe_delay(config, state, started, started + 1s), 1s);
  EXPECT_EQ(next_probe_delay(config, state, started, started + 21s), 10s);
  state.status = "healthy";
  EXPECT_EQ(next_probe_delay(config, state, started, started + 1s), 10s);
}

TEST(HealthStateMachine, StateAndConfigKeepDockersJsonShape) {
  HealthState state;
  state.status = "unhealthy";
  state.failing_streak = 4;
  state.log.push_back({"2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z", 1, "bad\n"});
  Json j = to_json(state);
  EXPECT_EQ(j["Status"], "unhealthy");
  EXPECT_EQ(j["FailingStreak"], 4);
  EXPECT_EQ(j["Log"][0]["ExitCode"], 1);
  EXPECT_EQ(j["Log"][0]["Output"], "bad\n");
  auto back = health_state_from_json(j);
  EXPECT_EQ(back.status, "unhealthy");
  EXPECT_EQ(back.failing_streak, 4);
  ASSERT_EQ(back.log.size(), 1u);
  EXPECT_EQ(back.log[0].end, "2024-01-01T00:00:01Z");

  HealthConfig config = shell_check("curl -f localhost");
  config.interval = 2s;
  config.retries = 5;
  Json cj = to_json(config);
  EXPECT_EQ(cj, Json::parse(R"({"Test":["CMD-SHELL","curl -f localhost"],"Interval":2000000000,
                                "Retries":5})"));
  EXPECT_EQ(health_config_from_json(cj), config);

  ContainerRequest request;
  request.healthcheck = config;
  EXPECT_EQ(request_from_json(to_json(request)).healthcheck, config);
  EXPECT_FALSE(request_from_json(to_json(ContainerRequest{})).healthcheck);
}

TEST(HealthStateMachine, TheContainersFieldsGoOverTheImages) {
  HealthConfig image = shell_check("image-check");
  image.interval = 7s;
  image.retries = 2;
  HealthConfig flags;
  flags.timeout = 3s;
  auto merged = merge_health_config(flags, image);
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->test, image.test);
  EXPECT_EQ(merged->interval, 7s);
  EXPECT_EQ(merged->timeout, 3s);
  EXPECT_EQ(merged->retries, 2);
  EXPECT_EQ(merge_health_config(std::nullopt, image), image);
  EXPECT_FALSE(merge_health_config(std::nullopt, std::nullopt));
  EXPECT_FALSE(merge_health_config(flags, std::nullopt));  // timing without a test
  HealthConfig none;
  none.test = {"NONE"};
  EXPECT_FALSE(merge_health_config(none, image));
  EXPECT_FALSE(merge_health_config(std::nullopt, none));
}

TEST(HealthStateMachine, DurationsPrintAsGoDoes) {
  EXPECT_EQ(format_go_duration(30s), "30s");
  EXPECT_EQ(format_go_duration(90s), "1m30s");
  EXPECT_EQ(format_go_duration(1h), "1h0m0s");
  EXPECT_EQ(format_go_duration(500ms), "500ms");
  EXPECT_EQ(format_go_duration(1500ms), "1.5s");
  EXPECT_EQ(format_go_duration(0s), "0s");
  EXPECT_EQ(format_go_duration(1500us), "1.5ms");
}

// Probes through the engine, over the fakes: the container's init runs until killed and each
// exec is the test's `probe` program.
class HealthProbeTest : public ::testing::Test {
 protected:
  EngineOptions options() {
    EngineOptions o;
    o.root = root.path();
    o.run_dir = run_dir.path();
    o.shim_path = "/nonexistent/berth-shim";
    o.berth_path = "/usr/bin/berth";
    o.make_runtime = [this](const std::string&) { return runtime; };
    o.supervisor = supervisor;
    o.mounter = mounter;
    return o;
  }

  ContainerRecord start(std::optional<HealthConfig> check, std::string image = "app:1") {
    ContainerRequest request;
    request.image = std::move(image);
    request.healthcheck = std::move(check);
    return engine.start(engine.create(request).id);
  }

  TempDir root;
  TempDir run_dir;
  image::ImageStore images{root.path()};
  ContainerStore containers{root.path()};
  volume::VolumeStore volumes{root.path()};
  std::vector<std::vector<std::string>> probes;  // each exec's argv
  FakeOciRuntime::Program probe;
  std::shared_ptr<FakeOciRuntime> runtime =
      std::make_shared<FakeOciRuntime>([this](const std::vector<std::string>& argv) {
        if (argv == std::vector<std::string>{"/bin/app"}) {
          return FakeOciRuntime::Behaviour{{}, 0, true, {}};
        }
        probes.push_back(argv);
        return probe(argv);
      });
  std::shared_ptr<FakeContainerSupervisor> supervisor =
      std::make_shared<FakeContainerSupervisor>(runtime);
  std::shared_ptr<FakeRootfsMounter> mounter = std::make_shared<FakeRootfsMounter>();
  ContainerEngine engine{options(), images, containers, volumes};
  Digest image_id =
      test_support::add_image(images, {{test_support::make_layer({{"etc/hostname", "x\n"}})},
                                       {"app:1"},
                                       "2024-01-01T00:00:00Z",
                                       {{"Cmd", {"/bin/app"}}}});
  Digest checked_image_id = test_support::add_image(
      images, {{test_support::make_layer({{"etc/hosts", "x\n"}})},
               {"checked:1"},
               "2024-01-01T00:00:00Z",
               {{"Cmd", {"/bin/app"}},
                {"Healthcheck", {{"Test", {"CMD", "/bin/check", "--quick"}}, {"Retries", 1}}}}});
};

TEST_F(HealthProbeTest, AShellTestRunsUnderShAndTurnsHealthy) {
  probe = [](const std::vector<std::string>&) {
    return FakeOciRuntime::Behaviour{{"all good"}, 0, false, {}};
  };
  auto c = start(shell_check("test -f /ready"));
  EXPECT_EQ(read_health(engine, c.id)->status, "starting");
  auto state = probe_health(engine, c.name);
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0], (std::vector<std::string>{"/bin/sh", "-c", "test -f /ready"}));
  EXPECT_EQ(state.status, "healthy");
  ASSERT_EQ(state.log.size(), 1u);
  EXPECT_EQ(state.log[0].exit_code, 0);
  EXPECT_EQ(state.log[0].output, "all good\n");
  EXPECT_TRUE(parse_rfc3339(state.log[0].start));
  // Kept in the container's directory, as inspect and ps read it.
  EXPECT_EQ(read_health(engine, c.id)->status, "healthy");
  EXPECT_TRUE(std::filesystem::exists(engine.container_dir(c.id) / "health.json"));
  EXPECT_EQ(effective_healthcheck(engine, c.id)->test[0], "CMD-SHELL");
}

TEST_F(HealthProbeTest, FailuresReachUnhealthyAndOutputIsCapped) {
  probe = [](const std::vector<std::string>&) {
    return FakeOciRuntime::Behaviour{{std::string(5000, 'x')}, 3, false, {}};
  };
  auto check = shell_check("false");
  check.retries = 2;
  auto c = start(check);
  EXPECT_EQ(probe_health(engine, c.id).status, "starting");
  auto state = probe_health(engine, c.id);
  EXPECT_EQ(state.status, "unhealthy");
  EXPECT_EQ(state.failing_streak, 2);
  EXPECT_EQ(state.log.back().exit_code, 3);
  // Docker's limited buffer: the first 4096 bytes, then "...".
  EXPECT_EQ(state.log.back().output, std::string(kHealthOutputLimit, 'x') + "...");
}

TEST_F(HealthProbeTest, ATestPastItsTimeoutIsKilledAndFails) {
  probe = [](const std::vector<std::string>&) {
    return FakeOciRuntime::Behaviour{{}, 0, true, {}};
  };
  auto check = shell_check("sleep 100");
  check.timeout = 2s;
  auto c = start(check);
  auto state = probe_health(engine, c.id);
  EXPECT_EQ(state.log.back().exit_code, -1);
  EXPECT_EQ(state.log.back().output, "Health check exceeded timeout (2s)");
  EXPECT_EQ(state.failing_streak, 1);
}

TEST_F(HealthProbeTest, TheImagesHealthcheckAppliesUnlessDisabled) {
  probe = [](const std::vector<std::string>&) {
    return FakeOciRuntime::Behaviour{{}, 1, false, {}};
  };
  auto c = start(std::nullopt, "checked:1");
  auto state = probe_health(engine, c.id);
  EXPECT_EQ(probes.back(), (std::vector<std::string>{"/bin/check", "--quick"}));  // CMD: argv
  EXPECT_EQ(state.status, "unhealthy");  // the image's Retries: 1
  // The shim gets the probe command and the timing (Docker's defaults here).
  auto launch = supervisor->launches().back();
  EXPECT_EQ(launch.health_command,
            (std::vector<std::string>{"/usr/bin/berth", "--root", root.path().string(),
                                      "healthcheck", "run", c.id}));
  EXPECT_EQ(launch.health_interval, 30s);
  EXPECT_EQ(launch.health_start_interval, 5s);

  HealthConfig none;
  none.test = {"NONE"};
  auto disabled = start(none, "checked:1");
  EXPECT_FALSE(effective_healthcheck(engine, disabled.id));
  EXPECT_FALSE(read_health(engine, disabled.id));
  EXPECT_TRUE(supervisor->launches().back().health_command.empty());
  try {
    probe_health(engine, disabled.id);
    FAIL() << "a container without a healthcheck was probed";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_EQ(std::string(e.what()), "container " + disabled.id + " has no defined healthcheck");
  }
}

TEST_F(HealthProbeTest, AStoppedContainerIsNotProbedAndAStartResetsItsHealth) {
  probe = [](const std::vector<std::string>&) {
    return FakeOciRuntime::Behaviour{{}, 0, false, {}};
  };
  auto c = start(std::nullopt, "checked:1");
  EXPECT_EQ(probe_health(engine, c.id).status, "healthy");
  supervisor->exit(c.id, 0);
  engine.cleanup(c.id);
  try {
    probe_health(engine, c.id);
    FAIL() << "a stopped container was probed";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 125);
    EXPECT_EQ(std::string(e.what()), "container " + c.id + " is not running");
  }
  EXPECT_EQ(read_health(engine, c.id)->status, "healthy");  // the last state, as inspect shows
  engine.start(c.id);
  auto reset = read_health(engine, c.id);
  EXPECT_EQ(reset->status, "starting");
  EXPECT_EQ(reset->failing_streak, 0);
  EXPECT_EQ(reset->log.size(), 1u);  // Docker keeps the log across starts
}

}  // namespace
}  // namespace berth::runtime
