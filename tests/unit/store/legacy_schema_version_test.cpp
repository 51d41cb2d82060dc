#include "store/legacy_schema_version.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "engine/engine.hpp"
#include "spaces/spaces_schema.hpp"
#include "store/database.hpp"

namespace berth::store {
namespace {

std::vector<const Schema*> every_schema() {
  auto all = engine::engine_schemas();
  all.push_back(&spaces::spaces_schema());
  return all;
}

void sql(sqlite3* db, const std::string& text) {
  char* message = nullptr;
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message ? message : "?";
    sqlite3_free(message);
    throw Error(what);
  }
}

// A berth.db as a berth before per-library schemas left it at global version `old_version`:
// the same migrations, applied in the old global order, numbered in PRAGMA user_version.
void make_legacy_database(const std::filesystem::path& path, int old_version) {
  std::map<std::string, const Schema*> by_name;
  for (const Schema* s : every_schema()) by_name[s->name] = s;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (int global = 1; global <= old_version; ++global) {
    auto before = legacy_schema_versions(global - 1);
    for (const auto& [name, version] : legacy_schema_versions(global)) {
      if (before[name] == version) continue;
      ASSERT_TRUE(by_name.count(name)) << name;
      sql(db, by_name[name]->migrations.at(version - 1).sql);
    }
  }
  sql(db, "PRAGMA user_version=" + std::to_string(old_version));
  if (old_version >= 7) {
    sql(db, "INSERT INTO users (name, id, created) VALUES ('alice', 'x', 'now')");
  }
  sqlite3_close(db);
}

int64_t recorded_version(Database& db, const std::string& name) {
  Statement st(db, "SELECT version FROM schema_versions WHERE name = ?1");
  st.bind_all(name);
  return st.step() ? st.column_int(0) : 0;
}

TEST(LegacySchemaVersion, EachOldNumberIsOneStepOfOneSchema) {
  for (int global = 1; global <= kLastLegacySchemaVersion; ++global) {
    auto before = legacy_schema_versions(global - 1), after = legacy_schema_versions(global);
    int steps = 0;
    for (const auto& [name, version] : after) {
      int was = before.count(name) ? before[name] : 0;
      EXPECT_TRUE(version == was || version == was + 1) << name << " at " << global;
      steps += version - was;
    }
    EXPECT_EQ(steps, 1) << global;
  }
  EXPECT_EQ(legacy_schema_versions(0).size(), 0u);
}

TEST(LegacySchemaVersion, ADatabaseOfEveryOldVersionOpensWithItsDataAndLatestSchemas) {
  for (int old_version : {1, 5, 7, 10, kLastLegacySchemaVersion}) {
    TempDir dir;
    auto path = dir.path() / "berth.db";
    make_legacy_database(path, old_version);
    Database db(path, every_schema());
    for (const Schema* s : every_schema()) {
      EXPECT_EQ(recorded_version(db, s->name), s->latest_version())
          << s->name << " from " << old_version;
    }
    Statement users(db, "SELECT count(*) FROM users");
    ASSERT_TRUE(users.step());
    EXPECT_EQ(users.column_int(0), old_version >= 7 ? 1 : 0) << old_version;
  }
}

TEST(LegacySchemaVersion, AnOldNumberBeyondTheLastIsRefused) {
  TempDir dir;
  auto path = dir.path() / "berth.db";
  make_legacy_database(path, kLastLegacySchemaVersion);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sql(raw, "PRAGMA user_version=13");
  sqlite3_close(raw);
  EXPECT_THROW(Database(path, every_schema()), Error);
}

}  // namespace
}  // namespace berth::store
