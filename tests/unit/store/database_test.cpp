#include "store/database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::store {
namespace {

const Schema kOneStep{.name = "test",
                      .dependencies = {},
                      .migrations = {{1, "t", "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"}}};
const Schema kTwoSteps{.name = "test",
                       .dependencies = {},
                       .migrations = {{1, "t", "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"},
                                      {2, "u", "CREATE TABLE u (x INTEGER)"}}};

std::vector<const Schema*> two_steps() {
  return {&kTwoSteps};
}

// The version schema_versions records for "test".
int64_t test_version(Database& db) {
  Statement st(db, "SELECT version FROM schema_versions WHERE name = 'test'");
  return st.step() ? st.column_int(0) : 0;
}

TEST(Database, AppliesMigrationsOnceInOrder) {
  TempDir dir;
  {
    Database db(dir.path() / "x.db", {&kOneStep});
    EXPECT_EQ(test_version(db), 1);
  }
  Database db(dir.path() / "x.db", two_steps());
  EXPECT_EQ(test_version(db), 2);
  db.exec("INSERT INTO u VALUES (1)");
  Database again(dir.path() / "x.db", two_steps());
  EXPECT_EQ(test_version(again), 2);
}

TEST(Database, RefusesNewerSchema) {
  TempDir dir;
  { Database db(dir.path() / "x.db", two_steps()); }
  try {
    Database older(dir.path() / "x.db", {&kOneStep});
    ADD_FAILURE() << "a berth that knows version 1 opened a database at version 2";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("test schema version 2, newer than this berth "
                                             "understands (1); upgrade berth"));
  }
}

TEST(Database, UsesWalMode) {
  TempDir dir;
  Database db(dir.path() / "x.db", two_steps());
  Statement st(db, "PRAGMA journal_mode");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), "wal");
}

TEST(Database, RollsBackFailedTransactions) {
  TempDir dir;
  Database db(dir.path() / "x.db", two_steps());
  EXPECT_THROW(db.write_transaction([&] {
    db.exec("INSERT INTO t VALUES ('a', 1)");
    throw Error("boom");
  }),
               Error);
  Statement st(db, "SELECT count(*) FROM t");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int(0), 0);
}

TEST(Database, ConcurrentWritersFromSeveralProcessesLoseNothing) {
  TempDir dir;
  auto path = dir.path() / "x.db";
  { Database db(path, two_steps()); }
  constexpr int kProcesses = 4, kWrites = 50;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        Database db(path, two_steps());
        for (int i = 0; i < kWrites; ++i) {
          db.write_transaction([&] {
            Statement st(db, "INSERT INTO t VALUES (?1, ?2)");
            st.bind_all("p" + std::to_string(p) + "-" + std::to_string(i), i);
            st.run();
          });
        }
        _exit(0);
      } catch (...) {
        _exit(1);
      }
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  Database db(path, two_steps());
  Statement st(db, "SELECT count(*) FROM t");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int(0), kProcesses * kWrites);
}

TEST(Database, ManyProcessesOpeningAFreshDatabaseAllSucceed) {
  TempDir dir;
  auto path = dir.path() / "fresh.db";
  std::vector<pid_t> children;
  for (int p = 0; p < 8; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        Database db(path, two_steps());
        _exit(test_version(db) == 2 ? 0 : 2);
      } catch (...) {
        _exit(1);
      }
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

mode_t mode_of(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(Database, RootAndDatabaseFilesAreTheOwnersAlone) {
  TempDir dir;
  auto root = dir.path() / "root";
  ASSERT_EQ(::mkdir(root.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(root.c_str(), 0755), 0);
  ::umask(022);
  {
    Database db(root / "berth.db", two_steps());
    db.exec("INSERT INTO u VALUES (1)");
    EXPECT_EQ(mode_of(root), 0700u);
    EXPECT_EQ(mode_of(root / "berth.db"), 0600u);
    EXPECT_EQ(mode_of(root / "berth.db-wal"), 0600u);
    EXPECT_EQ(mode_of(root / "berth.db-shm"), 0600u);
  }
  // A root an older berth made readable is tightened when opened.
  ASSERT_EQ(::chmod(root.c_str(), 0755), 0);
  ASSERT_EQ(::chmod((root / "berth.db").c_str(), 0644), 0);
  Database again(root / "berth.db", two_steps());
  EXPECT_EQ(mode_of(root), 0700u);
  EXPECT_EQ(mode_of(root / "berth.db"), 0600u);
}

}  // namespace
}  // namespace berth::store
