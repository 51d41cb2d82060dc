#include "spaces/deploy_history.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/spaces_database.hpp"
#include "spaces/spaces_schema.hpp"

namespace berth::spaces {
namespace deploy_history_test {

class DeployHistoryTest : public ::testing::Test {
 protected:
  DeployHistoryTest() : db(root.path()) {
    db.with([](SpaceStore& s, UserStore& u) {
      u.create_user("alice");
      s.create("alice", "demo", false);
      return 0;
    });
  }
  DeployRecord record(const std::string& image, DeployKind kind = DeployKind::kPush) {
    return db.with_deploys([&](SpaceStore&, DeployHistory& h) {
      return h.record("alice/demo", "commit-of-" + image, image, DeployedSettings{}, kind);
    });
  }
  std::vector<DeployRecord> list(const std::string& id = "alice/demo") {
    return db.with_deploys([&](SpaceStore&, DeployHistory& h) { return h.list(id); });
  }
  std::vector<std::string> release(size_t keep) {
    return db.with_deploys(
        [&](SpaceStore&, DeployHistory& h) { return h.release_images_beyond("alice/demo", keep); });
  }

  TempDir root;
  SpacesDatabase db;
};

TEST_F(DeployHistoryTest, RecordsUnderTheStoredIdNewestFirst) {
  auto first = record("a");
  auto second = db.with_deploys([](SpaceStore&, DeployHistory& h) {
    return h.record("ALICE/Demo", "c2", "b", DeployedSettings{8080, "T", std::chrono::seconds(9)},
                    DeployKind::kRollback);
  });
  EXPECT_GT(second.id, first.id);
  auto all = list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].image, "b");
  EXPECT_EQ(all[0].kind, DeployKind::kRollback);
  EXPECT_EQ(all[0].settings, (DeployedSettings{8080, "T", std::chrono::seconds(9)}));
  EXPECT_FALSE(all[0].deployed_at.empty());
  EXPECT_EQ(all[1].image, "a");
  EXPECT_EQ(all[1].settings.title, "");
}

TEST_F(DeployHistoryTest, UnknownSpaceIsNotFound) {
  EXPECT_THROW(db.with_deploys([](SpaceStore&, DeployHistory& h) {
    return h.record("bob/none", "c", "i", DeployedSettings{}, DeployKind::kPush);
  }),
               NotFoundError);
}

TEST_F(DeployHistoryTest, ReleasesEachImageBeyondTheWindowOnce) {
  record("a");
  record("b");
  record("c");
  EXPECT_EQ(release(2), std::vector<std::string>{"a"});
  EXPECT_TRUE(release(2).empty()) << "an image is released once";
  EXPECT_TRUE(list().back().image_removed);
  auto kept =
      db.with_deploys([](SpaceStore&, DeployHistory& h) { return h.kept_images("alice/demo"); });
  EXPECT_EQ(kept, (std::vector<std::string>{"b", "c"}));
}

TEST_F(DeployHistoryTest, ARollbackMakesItsImageRecentAgain) {
  record("a");
  record("b");
  record("a", DeployKind::kRollback);  // a serves again
  record("c");
  EXPECT_EQ(release(2), std::vector<std::string>{"b"});
}

TEST_F(DeployHistoryTest, FollowsARenameAndGoesWithTheSpace) {
  record("a");
  db.with([](SpaceStore& s, UserStore&) { return s.rename("alice/demo", "alice", "renamed"); });
  EXPECT_EQ(list("alice/renamed").size(), 1u);
  db.with([](SpaceStore& s, UserStore&) { return s.remove("alice/renamed"); });
  db.with([](SpaceStore& s, UserStore&) { return s.create("alice", "renamed", false); });
  EXPECT_TRUE(list("alice/renamed").empty());
}

TEST_F(DeployHistoryTest, CurrentDeployIsTheNewestOfTheServingCommit) {
  record("a");
  auto b = record("b");
  record("b", DeployKind::kPush);
  auto all = list();
  EXPECT_EQ(current_deploy_id(all, "commit-of-a"), all[2].id);
  EXPECT_EQ(current_deploy_id(all, "commit-of-b"), all[0].id);
  EXPECT_NE(current_deploy_id(all, "commit-of-b"), b.id);
  EXPECT_EQ(current_deploy_id(all, "none"), 0);
}

TEST(DeployHistoryMigrationTest, WhatServedBeforeTheHistoryIsItsFirstEntry) {
  TempDir root;
  {
    // berth.db as a server before the history left it: one Space serving, one never deployed.
    store::Schema before = spaces_schema();
    before.migrations.resize(5);
    store::Database old(root.path() / "berth.db", std::vector<const store::Schema*>{&before});
    old.exec(
        "INSERT INTO spaces(id, owner, name, created, last_modified, stage, subdomain, "
        "current_commit, current_image, current_container, current_app_port, "
        "current_startup_timeout) VALUES ('alice/old', 'alice', 'old', '2026-01-01T00:00:00Z', "
        "'2026-02-01T00:00:00Z', 'RUNNING', 'alice-old', 'c1', 'img1', 'box', 8080, 60)");
    old.exec(
        "INSERT INTO spaces(id, owner, name, created, stage, subdomain) VALUES ('alice/new', "
        "'alice', 'new', '2026-01-01T00:00:00Z', 'NO_APP_FILE', 'alice-new')");
  }
  SpacesDatabase db(root.path());
  auto history = db.with_deploys([](SpaceStore&, DeployHistory& h) { return h.list("alice/old"); });
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].commit, "c1");
  EXPECT_EQ(history[0].image, "img1");
  EXPECT_EQ(history[0].settings, (DeployedSettings{8080, "", std::chrono::seconds(60)}));
  EXPECT_EQ(history[0].deployed_at, "2026-02-01T00:00:00Z");
  EXPECT_EQ(history[0].kind, DeployKind::kPush);
  EXPECT_TRUE(
      db.with_deploys([](SpaceStore&, DeployHistory& h) { return h.list("alice/new"); }).empty());
}

}  // namespace deploy_history_test
}  // namespace berth::spaces
