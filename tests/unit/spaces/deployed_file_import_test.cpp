#include "spaces/deployed_file_import.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::spaces {
namespace {

namespace fs = std::filesystem;

class DeployedFileImportTest : public ::testing::Test {
 protected:
  DeployedFileImportTest() {
    SpacesDatabase db(root.path());
    db.with([](SpaceStore& s, UserStore&) {
      s.create("Alice", "Demo", false);
      s.create("bob", "never-deployed", false);
      return 0;
    });
  }

  // What a server before migration 12 left for a deployed Space.
  fs::path write_deployed_file(const std::string& content) {
    auto dir = root.path() / "spaces" / "Alice" / "Demo";
    fs::create_directories(dir);
    write_file_atomic(dir / "deployed.json", content, 0644);
    return dir / "deployed.json";
  }

  SpaceRecord space(SpacesDatabase& db, const std::string& id) {
    return db.with([&](SpaceStore& s, UserStore&) { return s.resolve(id); });
  }

  TempDir root;
};

TEST_F(DeployedFileImportTest, OpeningTheDatabaseMovesTheFileIntoTheRow) {
  auto file = write_deployed_file(
      R"({"app_port": 8080, "title": "My demo", "startup_duration_timeout": 120})");
  SpacesDatabase db(root.path());
  EXPECT_EQ(space(db, "alice/demo").deployed,
            (DeployedSettings{8080, "My demo", std::chrono::seconds(120)}));
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(space(db, "bob/never-deployed").deployed, std::nullopt);
}

TEST_F(DeployedFileImportTest, AFileWithoutTitleGivesAnEmptyOne) {
  write_deployed_file(R"({"app_port": 7860, "title": "", "startup_duration_timeout": 1800})");
  SpacesDatabase db(root.path());
  EXPECT_EQ(space(db, "alice/demo").deployed, DeployedSettings{});
}

TEST_F(DeployedFileImportTest, SettingsInTheRowWinOverALeftoverFile) {
  {
    SpacesDatabase db(root.path());
    db.with([](SpaceStore& s, UserStore&) {
      s.set_deployed("alice/demo", {9000, "newer", std::chrono::seconds(60)});
      return 0;
    });
  }
  auto file = write_deployed_file(R"({"app_port": 8080})");
  SpacesDatabase db(root.path());
  EXPECT_EQ(space(db, "alice/demo").deployed->app_port, 9000);
  EXPECT_FALSE(fs::exists(file)) << "the leftover goes too";
}

TEST_F(DeployedFileImportTest, AMalformedFileIsAnErrorNamingIt) {
  auto file = write_deployed_file("{not json");
  try {
    SpacesDatabase db(root.path());
    FAIL() << "opened";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::exists(file)) << "kept for the admin to look at";
}

TEST_F(DeployedFileImportTest, AWrongTypeIsAnErrorNamingTheFile) {
  auto file = write_deployed_file(R"({"app_port": "eighty"})");
  EXPECT_THROW(
      {
        try {
          SpacesDatabase db(root.path());
        } catch (const Error& e) {
          EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
          throw;
        }
      },
      Error);
}

}  // namespace
}  // namespace berth::spaces
