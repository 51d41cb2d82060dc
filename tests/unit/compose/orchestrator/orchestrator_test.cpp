// The orchestrator's rules through the fake backend: what `up` creates, keeps, recreates and
// removes, in which order, and what `down` leaves.
#include "compose/orchestrator/orchestrator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "base/error.hpp"
#include "compose/orchestrator/compose_labels.hpp"
#include "fakes/compose/fake_project_backend.hpp"
#include "unit/compose/compose_test_project.hpp"

namespace berth::compose {
namespace {

using testing::ComposeTestProject;
using testing::FakeEngineState;
using testing::FakeProjectBackend;

constexpr const char* kWebAndDb = R"(services:
  db:
    image: busybox
    volumes: [data:/var/lib/db]
  web:
    image: busybox
    command: ["httpd", "-f"]
    depends_on: [db]
    ports: ["8080:80"]
volumes:
  data: {}
)";

class OrchestratorTest : public ::testing::Test {
 protected:
  OrchestratorTest() {
    state->images["busybox"] = "sha256:busybox-1";
    state->images["alpine"] = "sha256:alpine-1";
  }

  // Runs `up` on the files as they are now.
  void up(UpRequest request = {}) {
    Project project = files.load();
    ProjectOrchestrator orchestrator(project, FakeProjectBackend::factory(state), progress);
    orchestrator.up(request);
  }
  void down(DownRequest request = {}) {
    Project project = files.load();
    ProjectOrchestrator orchestrator(project, FakeProjectBackend::factory(state), progress);
    orchestrator.down(request);
  }
  std::vector<std::string> names() {
    std::vector<std::string> found;
    for (const auto& c : state->live()) found.push_back(c.name + ":" + c.state);
    return found;
  }

  ComposeTestProject files;
  std::shared_ptr<FakeEngineState> state = std::make_shared<FakeEngineState>();
  std::ostringstream output;
  ComposeProgress progress{output};
};

TEST_F(OrchestratorTest, FirstUpCreatesNetworkVolumeAndContainersInDependencyOrder) {
  files.write("compose.yaml", kWebAndDb);
  up();
  EXPECT_EQ(state->calls("network"), std::vector<std::string>{"network create proj_default"});
  EXPECT_EQ(state->calls("volume"), std::vector<std::string>{"volume create proj_data"});
  EXPECT_EQ(state->calls("create"),
            (std::vector<std::string>{"create proj-db-1", "create proj-web-1"}));
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-db-1:running", "proj-web-1:running"}));
  // Labels as docker compose writes them, and the network and volume labelled as the project's.
  std::lock_guard lock(state->mutex);
  for (const auto& [id, c] : state->containers) {
    EXPECT_EQ(c.request.labels.at(kProjectLabel), "proj");
    EXPECT_EQ(c.request.labels.at(kContainerNumberLabel), "1");
    EXPECT_EQ(c.request.labels.at(kOneoffLabel), "False");
    EXPECT_EQ(c.request.labels.at(kConfigHashLabel).size(), 64u);
    EXPECT_EQ(c.request.network_mode, "proj_default");
    ASSERT_EQ(c.request.networks.size(), 1u);
    EXPECT_EQ(c.request.networks[0].aliases.front(), c.observed.service);
  }
  EXPECT_EQ(state->networks.at("proj_default").labels.at(kNetworkLabel), "default");
  EXPECT_EQ(state->volumes.at("proj_data").labels.at(kVolumeLabel), "data");
  EXPECT_NE(output.str().find(" Container proj-web-1  Started"), std::string::npos) << output.str();
}

TEST_F(OrchestratorTest, SecondUpWithNothingChangedTouchesNothing) {
  files.write("compose.yaml", kWebAndDb);
  up();
  auto before = state->calls();
  up();
  EXPECT_EQ(state->calls(), before);
}

TEST_F(OrchestratorTest, AChangedServiceIsRecreatedAndTheOthersKept) {
  files.write("compose.yaml", kWebAndDb);
  up();
  auto before = state->calls().size();
  std::string changed = kWebAndDb;
  changed.replace(changed.find("[\"httpd\", \"-f\"]"), 15, "[\"httpd\", \"-f\", \"-v\"]");
  files.write("compose.yaml", changed);
  up();
  auto calls = state->calls();
  std::vector<std::string> after(calls.begin() + before, calls.end());
  // The new container is made first, under a temporary name, then takes the old one's place.
  EXPECT_EQ(after, (std::vector<std::string>{
                       "create id2_proj-web-1", "stop proj-web-1", "remove proj-web-1",
                       "rename id2_proj-web-1 proj-web-1", "start proj-web-1"}));
}

TEST_F(OrchestratorTest, ARecreateTheEngineRefusesLeavesTheOldContainerRunning) {
  files.write("compose.yaml", kWebAndDb);
  up();
  std::string changed = kWebAndDb;
  changed.replace(changed.find("[\"httpd\", \"-f\"]"), 15, "[\"httpd\", \"-f\", \"-v\"]");
  files.write("compose.yaml", changed);
  state->refuse_create["web"] = "invalid CapAdd: unknown capability: \"CAP_FOO\"";
  EXPECT_THROW(up(), InvalidArgumentError);
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-db-1:running", "proj-web-1:running"}));
  EXPECT_TRUE(state->calls("stop").empty());
}

TEST_F(OrchestratorTest, AStoppedContainerIsStartedNotRecreated) {
  files.write("compose.yaml", kWebAndDb);
  up();
  FakeProjectBackend(state).stop("proj-db-1", std::nullopt);
  auto before = state->calls().size();
  up();
  auto calls = state->calls();
  EXPECT_EQ(std::vector<std::string>(calls.begin() + before, calls.end()),
            std::vector<std::string>{"start proj-db-1"});
}

TEST_F(OrchestratorTest, ANewerImageRecreatesItsContainers) {
  files.write("compose.yaml", kWebAndDb);
  up();
  state->images["busybox"] = "sha256:busybox-2";
  auto before = state->calls().size();
  up();
  auto calls = state->calls();
  std::vector<std::string> after(calls.begin() + before, calls.end());
  EXPECT_EQ(std::count(after.begin(), after.end(), "rename id1_proj-db-1 proj-db-1"), 1);
  EXPECT_EQ(std::count(after.begin(), after.end(), "rename id2_proj-web-1 proj-web-1"), 1);
}

TEST_F(OrchestratorTest, ScaleUpAddsNumbersAndScaleDownRemovesTheHighest) {
  files.write("compose.yaml",
              "services:\n  worker:\n    image: busybox\n    command: [sleep, '1000']\n");
  UpRequest three;
  three.plan.scale = {{"worker", 3}};
  up(three);
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-worker-1:running", "proj-worker-2:running",
                                               "proj-worker-3:running"}));
  UpRequest one;
  one.plan.scale = {{"worker", 1}};
  up(one);
  EXPECT_EQ(names(), std::vector<std::string>{"proj-worker-1:running"});
  EXPECT_EQ(state->calls("remove"),
            (std::vector<std::string>{"remove proj-worker-2", "remove proj-worker-3"}));
}

TEST_F(OrchestratorTest, ContainerNameCannotBeScaled) {
  files.write("compose.yaml",
              "services:\n  one:\n    image: busybox\n    container_name: solo\n    scale: 2\n");
  EXPECT_THROW(up(), InvalidArgumentError);
  EXPECT_TRUE(state->calls("create").empty());
}

TEST_F(OrchestratorTest, OrphansAreLeftWithAWarningUnlessRemoveOrphans) {
  files.write("compose.yaml", kWebAndDb);
  up();
  files.write("compose.yaml",
              "services:\n  db:\n    image: busybox\n    volumes: [data:/var/lib/db]\n"
              "volumes:\n  data: {}\n");
  up();
  EXPECT_NE(output.str().find("Found orphan containers ([proj-web-1])"), std::string::npos);
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-db-1:running", "proj-web-1:running"}));
  UpRequest remove;
  remove.remove_orphans = true;
  up(remove);
  EXPECT_EQ(names(), std::vector<std::string>{"proj-db-1:running"});
}

TEST_F(OrchestratorTest, AServiceOffByProfileIsNeitherAnOrphanNorTakenDown) {
  files.write("compose.yaml", R"(services:
  app:
    image: busybox
  debug:
    image: busybox
    profiles: [debug]
)");
  files.options.profiles = {"debug"};
  up();
  files.options.profiles = {};
  UpRequest remove;
  remove.remove_orphans = true;
  up(remove);
  down();
  EXPECT_EQ(output.str().find("orphan"), std::string::npos) << output.str();
  EXPECT_EQ(names(), std::vector<std::string>{"proj-debug-1:running"});
  EXPECT_NE(output.str().find(" Network proj_default  Resource is still in use"),
            std::string::npos);
}

TEST_F(OrchestratorTest, CompletedSuccessfullyGatesTheDependent) {
  files.write("compose.yaml", R"(services:
  migrate:
    image: busybox
  app:
    image: busybox
    depends_on:
      migrate: {condition: service_completed_successfully}
)");
  state->exits_on_start["migrate"] = 0;
  up();
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-app-1:running", "proj-migrate-1:exited"}));
}

constexpr const char* kHealthGated = R"(services:
  db:
    image: busybox
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  app:
    image: busybox
    depends_on:
      db: {condition: service_healthy}
)";

TEST_F(OrchestratorTest, ServiceHealthyWaitsForTheDependencyToBeHealthy) {
  files.write("compose.yaml", kHealthGated);
  state->health_by_service["db"] = {"starting", "starting", "healthy"};
  up();
  auto calls = state->calls();
  auto healthy = std::find(calls.begin(), calls.end(), "health proj-db-1 healthy");
  auto created = std::find(calls.begin(), calls.end(), "create proj-app-1");
  ASSERT_NE(healthy, calls.end());
  EXPECT_LT(healthy, created);
  EXPECT_EQ(state->calls("health").size(), 3u);
  std::lock_guard lock(state->mutex);
  for (const auto& [id, c] : state->containers) {
    if (c.observed.service != "db") continue;
    ASSERT_TRUE(c.request.healthcheck.has_value());
    EXPECT_EQ(c.request.healthcheck->test, (std::vector<std::string>{"CMD", "true"}));
    EXPECT_EQ(c.request.healthcheck->interval, std::chrono::seconds(1));
  }
}

TEST_F(OrchestratorTest, AnUnhealthyDependencyKeepsTheDependentFromBeingCreated) {
  files.write("compose.yaml", kHealthGated);
  state->health_by_service["db"] = {"starting", "unhealthy"};
  try {
    up();
    FAIL() << "up succeeded";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "dependency failed to start: container proj-db-1 is unhealthy");
  }
  EXPECT_TRUE(state->calls("create proj-app").empty());
}

TEST_F(OrchestratorTest, WaitWaitsForEveryHealthcheckAndTimesOut) {
  files.write("compose.yaml",
              "services:\n  db:\n    image: busybox\n    healthcheck:\n"
              "      test: [CMD, 'true']\n");
  state->health_by_service["db"] = {"starting", "healthy"};
  UpRequest wait;
  wait.wait = true;
  up(wait);
  EXPECT_NE(output.str().find(" Container proj-db-1  Healthy"), std::string::npos);
  down();
  state->health_by_service["db"] = {"starting"};
  wait.wait_timeout_seconds = 0;
  EXPECT_THROW(up(wait), Error);
}

TEST_F(OrchestratorTest, AFailedOneOffDependencyStopsTheDependentFromStarting) {
  files.write("compose.yaml", R"(services:
  migrate:
    image: busybox
  app:
    image: busybox
    depends_on:
      migrate: {condition: service_completed_successfully}
)");
  state->exits_on_start["migrate"] = 3;
  try {
    up();
    FAIL() << "up succeeded";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "dependency failed to start: service \"migrate\" didn't complete "
                 "successfully: exit 3");
  }
  EXPECT_TRUE(state->calls("create proj-app").empty());
}

TEST_F(OrchestratorTest, NoDepsStartsOnlyTheNamedService) {
  files.write("compose.yaml", kWebAndDb);
  UpRequest request;
  request.plan.services = {"web"};
  request.plan.no_deps = true;
  up(request);
  EXPECT_EQ(names(), std::vector<std::string>{"proj-web-1:running"});
  UpRequest with_deps;
  with_deps.plan.services = {"web"};
  up(with_deps);
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-db-1:running", "proj-web-1:running"}));
}

TEST_F(OrchestratorTest, RestartTrueRestartsTheDependentWhenItsDependencyIsRecreated) {
  std::string file = R"(services:
  db:
    image: busybox
    environment: {V: "1"}
  web:
    image: busybox
    depends_on:
      db: {condition: service_started, restart: true}
)";
  files.write("compose.yaml", file);
  up();
  file.replace(file.find("V: \"1\""), 6, "V: \"2\"");
  files.write("compose.yaml", file);
  auto before = state->calls().size();
  up();
  auto calls = state->calls();
  std::vector<std::string> after(calls.begin() + before, calls.end());
  EXPECT_EQ(after,
            (std::vector<std::string>{"create id1_proj-db-1", "stop proj-db-1", "remove proj-db-1",
                                      "rename id1_proj-db-1 proj-db-1", "start proj-db-1",
                                      "stop proj-web-1", "start proj-web-1"}));
}

TEST_F(OrchestratorTest, RecreateKeepsAnonymousVolumes) {
  files.write("compose.yaml", "services:\n  db:\n    image: busybox\n    volumes: [/data]\n");
  up();
  std::string first;
  {
    std::lock_guard lock(state->mutex);
    first = state->containers.begin()->second.request.mounts.at(0).source;
  }
  files.write("compose.yaml",
              "services:\n  db:\n    image: busybox\n    volumes: [/data]\n    user: '1000'\n");
  up();
  std::lock_guard lock(state->mutex);
  ASSERT_EQ(state->containers.size(), 1u);
  EXPECT_EQ(state->containers.begin()->second.request.mounts.at(0).source, first);
}

TEST_F(OrchestratorTest, MissingImagesArePulledAndBuildsBuilt) {
  files.write("app/Dockerfile", "FROM busybox\n");
  files.write("compose.yaml", R"(services:
  cache:
    image: redis:7
  app:
    build: ./app
)");
  up();
  EXPECT_EQ(state->calls("pull"), std::vector<std::string>{"pull redis:7"});
  EXPECT_EQ(state->calls("build"), std::vector<std::string>{"build app"});
  auto before = state->calls().size();
  up();
  EXPECT_EQ(state->calls().size(), before);  // present now: neither pulled nor built again
  UpRequest rebuild;
  rebuild.images.build = true;
  up(rebuild);
  EXPECT_EQ(state->calls("build").size(), 2u);
  EXPECT_EQ(state->calls("create proj-app-1").size(), 1u);
  EXPECT_EQ(state->calls("rename").size(), 1u);  // the new image recreates it
}

TEST_F(OrchestratorTest, BuildSecretsReachTheBuilderUnderTheirIds) {
  files.write("app/Dockerfile", "FROM busybox\n");
  files.write("token.txt", "s3cret");
  files.write("compose.yaml", R"(services:
  app:
    build:
      context: ./app
      secrets:
        - npm
        - source: api
          target: api_key
secrets:
  npm:
    file: ./token.txt
  api:
    environment: API_KEY
)");
  up();
  EXPECT_EQ(state->calls("build"), std::vector<std::string>{"build app secret:npm=" +
                                                            (files.dir() / "token.txt").string() +
                                                            " secret:api_key=env:API_KEY"});
}

TEST_F(OrchestratorTest, DownRemovesContainersDependentsFirstThenNetworksAndWithVTheVolumes) {
  files.write("compose.yaml", kWebAndDb);
  up();
  down();
  EXPECT_EQ(state->calls("remove"),
            (std::vector<std::string>{"remove proj-web-1", "remove proj-db-1"}));
  EXPECT_EQ(state->calls("network rm"), std::vector<std::string>{"network rm proj_default"});
  EXPECT_TRUE(state->calls("volume rm").empty());
  EXPECT_TRUE(state->live().empty());
  up();
  DownRequest volumes;
  volumes.remove_volumes = true;
  down(volumes);
  EXPECT_EQ(state->calls("volume rm"), std::vector<std::string>{"volume rm proj_data"});
  EXPECT_TRUE(state->volumes.empty());
  EXPECT_TRUE(state->networks.empty());
}

TEST_F(OrchestratorTest, DownLeavesNetworksAndVolumesItDidNotCreate) {
  files.write("compose.yaml", R"(services:
  app:
    image: busybox
    networks: [shared]
    volumes: [keep:/k]
networks:
  shared: {external: true}
volumes:
  keep: {external: true}
)");
  EXPECT_THROW(up(), NotFoundError);  // the external network does not exist yet
  state->networks["shared"] = {"shared", {}};
  state->volumes["keep"] = {"keep", {}};
  up();
  DownRequest everything;
  everything.remove_volumes = true;
  down(everything);
  EXPECT_EQ(state->networks.count("shared"), 1u);
  EXPECT_EQ(state->volumes.count("keep"), 1u);
}

TEST_F(OrchestratorTest, WhatTheEngineCannotDoIsRefusedByName) {
  files.write("compose.yaml", "services:\n  app:\n    image: busybox\n    privileged: true\n");
  try {
    up();
    FAIL() << "up succeeded";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "service \"app\": privileged is not supported yet by berth");
  }
  EXPECT_TRUE(state->calls("create").empty());
}

TEST_F(OrchestratorTest, StopStopsDependentsFirstAndStartDependenciesFirst) {
  files.write("compose.yaml", kWebAndDb);
  up();
  Project project = files.load();
  ProjectOrchestrator orchestrator(project, FakeProjectBackend::factory(state), progress);
  orchestrator.stop({}, std::nullopt);
  EXPECT_EQ(state->calls("stop"), (std::vector<std::string>{"stop proj-web-1", "stop proj-db-1"}));
  orchestrator.start({});
  auto starts = state->calls("start");
  EXPECT_EQ(std::vector<std::string>(starts.end() - 2, starts.end()),
            (std::vector<std::string>{"start proj-db-1", "start proj-web-1"}));
  orchestrator.pause({"web"});
  EXPECT_EQ(names(), (std::vector<std::string>{"proj-db-1:running", "proj-web-1:paused"}));
  orchestrator.unpause({});
  orchestrator.kill({"db"}, "SIGTERM");
  EXPECT_EQ(state->calls("kill"), std::vector<std::string>{"kill proj-db-1 SIGTERM"});
  EXPECT_EQ(orchestrator.remove({}, false, false), 1);  // only the stopped db
  EXPECT_EQ(names(), std::vector<std::string>{"proj-web-1:running"});
}

}  // namespace
}  // namespace berth::compose
