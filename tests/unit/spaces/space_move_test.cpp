#include "spaces/space_move.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "fakes/spaces/fake_image_builder.hpp"
#include "fakes/spaces/fake_space_runner.hpp"
#include "spaces/git/git_repository.hpp"
#include "spaces/space_admin.hpp"

// A namespace of its own: the unity build joins this directory's tests into one file.
namespace berth::spaces::space_move_test {
namespace {

namespace fs = std::filesystem;

// A file with its directories made.
void put(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  write_file_atomic(path, content, 0644);
}

constexpr std::string_view kSecret = "sk-moved-along";
const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

class SpaceMoveTest : public ::testing::Test {
 protected:
  SpaceMoveTest() : db(root.path()) {
    db.with([](SpaceStore&, UserStore& u) {
      u.create_user("alice");
      return 0;
    });
    SpaceCreateRequest request{.owner = "alice", .name = "demo", .is_private = true};
    request.storage = "small";
    request.sleep_time_seconds = 3600;
    request.variables = {{"GREETING", "hi"}};
    request.secrets = {{"API_KEY", std::string(kSecret)}};
    create_space(db, spaces_dir(), request);
    DeployerOptions options;
    options.spaces_dir = spaces_dir();
    options.machine = MachineFacts{4, int64_t{8} << 30, false};
    deployer = std::make_unique<SpaceDeployer>(db, builder, runner, routes, options);
  }

  fs::path spaces_dir() const { return root.path() / "spaces"; }
  std::optional<SpaceRecord> find(std::string_view id) {
    return db.with([&](SpaceStore& s, UserStore&) { return s.find(id); });
  }
  // As a deploy leaves a Space that serves.
  void serve(const std::string& id) {
    db.with([&](SpaceStore& s, UserStore&) {
      s.set_current(id, kCommit, "localhost/spaces/alice/demo:0123456789ab", "space-alice-demo.1");
      s.set_stage(id, SpaceStage::kRunning);
      return 0;
    });
    routes.set(id, Route{"10.0.0.2", 7860, "space-alice-demo.1"});
  }

  TempDir root;
  SpacesDatabase db;
  FakeImageBuilder builder;
  FakeSpaceRunner runner;
  RouteTable routes;
  std::unique_ptr<SpaceDeployer> deployer;
};

TEST_F(SpaceMoveTest, KeepsHistorySettingsVariablesSecretsAndData) {
  put(spaces_dir() / "alice" / "demo" / "data" / "kept.txt", "data");
  serve("alice/demo");
  auto moved = move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/renamed");

  EXPECT_EQ(moved.space.id, "alice/renamed");
  EXPECT_EQ(moved.space.name, "renamed");
  EXPECT_EQ(moved.was_serving, kCommit);
  EXPECT_EQ(find("alice/demo"), std::nullopt);
  EXPECT_TRUE(moved.space.is_private);
  EXPECT_EQ(moved.space.storage, "small");
  EXPECT_EQ(moved.space.sleep_time_seconds, 3600);
  EXPECT_EQ(moved.space.subdomain, "alice-renamed");
  auto variables = db.with([](SpaceStore& s, UserStore&) { return s.variables("alice/renamed"); });
  ASSERT_EQ(variables.size(), 1u);
  EXPECT_EQ(variables[0].value, "hi");
  auto secrets =
      db.with([](SpaceStore& s, UserStore&) { return s.secret_values("alice/renamed"); });
  EXPECT_EQ(secrets["API_KEY"], kSecret);
  // The repository and /data moved with it; the old directory is gone.
  EXPECT_EQ(resolve_ref(repository_of(spaces_dir(), moved.space), "main"), std::nullopt);
  EXPECT_EQ(read_file(spaces_dir() / "alice" / "renamed" / "data" / "kept.txt"), "data");
  EXPECT_FALSE(fs::exists(spaces_dir() / "alice" / "demo"));
  // The instance ran under the old name: it is gone, to be deployed again under the new one.
  EXPECT_EQ(routes.find("alice/demo"), std::nullopt);
  EXPECT_EQ(runner.removed, std::vector<std::string>{"space-alice-demo.1"});
  EXPECT_EQ(builder.forgotten, std::vector<std::string>{"alice/demo"});
  EXPECT_EQ(moved.space.stage, SpaceStage::kStopped);
  EXPECT_EQ(moved.space.current_commit, "");
  EXPECT_EQ(moved.space.current_container, "");
}

TEST_F(SpaceMoveTest, PreviewsGoTheirBranchesNextPushesMakeThemAgain) {
  auto preview =
      db.with([](SpaceStore& s, UserStore&) { return s.create_preview("alice/demo", "dev"); });
  serve(preview.id);
  auto moved = move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/renamed");
  EXPECT_EQ(moved.space.id, "alice/renamed");
  EXPECT_EQ(find(preview.id), std::nullopt);
  EXPECT_EQ(routes.find(preview.id), std::nullopt);
  EXPECT_FALSE(fs::exists(spaces_dir() / "alice" / "demo--dev"));
}

TEST_F(SpaceMoveTest, ANeverDeployedSpaceHasNothingToRedeploy) {
  auto moved = move_space(db, *deployer, spaces_dir(), "ALICE/DEMO", "alice/other");
  EXPECT_EQ(moved.was_serving, "");
  EXPECT_EQ(moved.space.stage, SpaceStage::kNoAppFile);
  EXPECT_TRUE(fs::exists(repository_of(spaces_dir(), moved.space) / "HEAD"));
}

TEST_F(SpaceMoveTest, TheHostLabelIsChosenAsForANewSpace) {
  create_space(db, spaces_dir(), {.owner = "alice", .name = "my-app"});
  auto moved = move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/my.app");
  // "alice-my-app" is the other Space's: this one gets it with a random suffix.
  EXPECT_TRUE(moved.space.subdomain.starts_with("alice-my-app-")) << moved.space.subdomain;
  EXPECT_EQ(moved.space.subdomain.size(), std::string("alice-my-app-").size() + 8);
}

TEST_F(SpaceMoveTest, ALetterCaseChangeKeepsTheLabel) {
  auto moved = move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/Demo");
  EXPECT_EQ(moved.space.id, "alice/Demo");
  EXPECT_EQ(moved.space.subdomain, "alice-demo");
  EXPECT_TRUE(fs::exists(spaces_dir() / "alice" / "Demo" / "repo.git" / "HEAD"));
}

TEST_F(SpaceMoveTest, RefusalsChangeNothing) {
  create_space(db, spaces_dir(), {.owner = "alice", .name = "taken"});
  serve("alice/demo");
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "ALICE/TAKEN"),
               SpaceExistsError);
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/bad..name"),
               InvalidArgumentError);
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/a/b"),
               InvalidArgumentError);
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "../etc"),
               InvalidArgumentError);
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/demo"),
               InvalidArgumentError);
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/none", "alice/x"), NotFoundError);
  // A directory nobody's row claims is not overwritten.
  fs::create_directories(spaces_dir() / "alice" / "stale");
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/stale"), ConflictError);
  EXPECT_TRUE(runner.removed.empty());
  EXPECT_TRUE(routes.find("alice/demo").has_value());
  EXPECT_EQ(find("alice/demo")->stage, SpaceStage::kRunning);
}

TEST_F(SpaceMoveTest, ABuildUnderWayIsWaitedFor) {
  db.with([](SpaceStore& s, UserStore&) {
    s.set_stage("alice/demo", SpaceStage::kRunningBuilding);
    return 0;
  });
  EXPECT_THROW(move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/x"), ConflictError);
  EXPECT_TRUE(find("alice/demo").has_value());
}

TEST_F(SpaceMoveTest, ADeployRetiringItsOldInstanceIsNoObstacle) {
  // The route switched (RUNNING) and the deploy is still draining the old instance.
  serve("alice/demo");
  db.with([](SpaceStore& s, UserStore&) {
    s.set_deploying("alice/demo", kCommit);
    return 0;
  });
  auto moved = move_space(db, *deployer, spaces_dir(), "alice/demo", "alice/x");
  EXPECT_EQ(moved.was_serving, kCommit);
}

}  // namespace
}  // namespace berth::spaces::space_move_test
