#include "store/schema_migrator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "store/database.hpp"

namespace berth::store {
namespace {

const Schema kParent{.name = "parent",
                     .dependencies = {},
                     .migrations = {{1, "p", "CREATE TABLE p (id TEXT PRIMARY KEY)"}}};
// Its table references the parent's: the parent must exist first.
const Schema kChild{
    .name = "child",
    .dependencies = {&kParent},
    .migrations = {{1, "c", "CREATE TABLE c (id TEXT PRIMARY KEY, p TEXT REFERENCES p(id))"},
                   {2, "c2", "ALTER TABLE c ADD COLUMN note TEXT"}}};
const Schema kOther{
    .name = "other", .dependencies = {}, .migrations = {{1, "o", "CREATE TABLE o (x INTEGER)"}}};

int64_t version_of(Database& db, const std::string& name) {
  Statement st(db, "SELECT version FROM schema_versions WHERE name = ?1");
  st.bind_all(name);
  return st.step() ? st.column_int(0) : 0;
}

TEST(SchemaMigrator, DependenciesComeFirstAndEachOnce) {
  auto order = migration_order({&kChild, &kParent, &kChild});
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(order[0], &kParent);
  EXPECT_EQ(order[1], &kChild);
}

TEST(SchemaMigrator, ASchemaThatDependsOnItselfIsRefused) {
  Schema loop{.name = "loop", .dependencies = {}, .migrations = {}};
  loop.dependencies.push_back(&loop);
  EXPECT_THROW(migration_order({&loop}), Error);
}

TEST(SchemaMigrator, MigrationsOutOfOrderAreRefused) {
  const Schema gap{.name = "gap",
                   .dependencies = {},
                   .migrations = {{1, "a", "SELECT 1"}, {3, "b", "SELECT 1"}}};
  EXPECT_THROW(migration_order({&gap}), Error);
}

TEST(SchemaMigrator, OpeningWithASchemaMigratesWhatItDependsOn) {
  TempDir dir;
  Database db(dir.path() / "x.db", {&kChild});
  EXPECT_EQ(version_of(db, "parent"), 1);
  EXPECT_EQ(version_of(db, "child"), 2);
  db.exec("PRAGMA foreign_keys=ON");
  db.exec("INSERT INTO p VALUES ('a')");
  db.exec("INSERT INTO c VALUES ('b', 'a', 'n')");
  EXPECT_THROW(db.exec("INSERT INTO c VALUES ('d', 'missing', NULL)"), Error);
}

TEST(SchemaMigrator, SchemasAProcessDoesNotKnowAreLeftAlone) {
  TempDir dir;
  auto path = dir.path() / "x.db";
  { Database server(path, {&kChild, &kOther}); }
  // A newer `other` (as a newer server would leave it) does not stop a process that does not
  // use it; the schemas it does use are still checked and migrated.
  {
    Database db(path, {&kParent});
    db.exec("UPDATE schema_versions SET version = 7 WHERE name = 'other'");
  }
  Database cli(path, {&kChild});
  EXPECT_EQ(version_of(cli, "other"), 7);
  EXPECT_EQ(version_of(cli, "child"), 2);
  try {
    Database server(path, {&kOther});
    ADD_FAILURE() << "opened a newer schema";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("other schema version 7, newer than this berth "
                                             "understands (1)"));
  }
}

TEST(SchemaMigrator, AFailingMigrationLeavesNothingHalfDone) {
  TempDir dir;
  auto path = dir.path() / "x.db";
  const Schema broken{.name = "broken",
                      .dependencies = {&kParent},
                      .migrations = {{1, "ok", "CREATE TABLE b (x INTEGER)"},
                                     {2, "bad", "CREATE TABLE b (x INTEGER)"}}};
  EXPECT_THROW(Database(path, {&broken}), Error);
  Database db(path, {});
  EXPECT_EQ(version_of(db, "parent"), 0) << "the transaction was rolled back";
  Statement st(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('p', 'b')");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int(0), 0);
}

}  // namespace
}  // namespace berth::store
