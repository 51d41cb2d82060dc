#pragma once
// The metadata store: one SQLite database per root, in WAL mode so readers never block the
// writer, with a busy timeout so several berth processes (and `berth serve`) share it.
// Write transactions are BEGIN IMMEDIATE: they take the write lock up front and never fail
// half-way on a lock upgrade.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/schema.hpp"

namespace berth::store {

class Database;

// A prepared statement; bind by 1-based index, step through rows.
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);
  // Binds values to ?1, ?2, … in order.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind_one(++i, args), ...);
    return *this;
  }

  // Advances to the next row; false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  std::string column_text(int index) const;
  int64_t column_int(int index) const;
  bool column_is_null(int index) const;

 private:
  void bind_one(int i, std::string_view v) { bind(i, v); }
  void bind_one(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind_one(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind_one(int i, int64_t v) { bind(i, v); }
  void bind_one(int i, int v) { bind(i, static_cast<int64_t>(v)); }
  void bind_one(int i, std::nullopt_t) { bind_null(i); }

  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class Database {
 public:
  // Opens (creating if needed) and brings `schemas` and the schemas they depend on to their
  // latest versions (store/schema_migrator).
  Database(const std::filesystem::path& path, const std::vector<const Schema*>& schemas);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  void exec(std::string_view sql);
  int64_t changes() const;
  sqlite3* handle() { return db_; }
  const std::filesystem::path& path() const { return path_; }

  // Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back if it throws. Holds mutex().
  void write_transaction(const std::function<void()>& body);
  // Held by the threads that share this connection (an image pull's unpack workers, a build's
  // parallel stages) around each use, so no two transactions interleave on it.
  std::recursive_mutex& mutex() { return mutex_; }

  [[noreturn]] void fail(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::recursive_mutex mutex_;
};

// A store's connection: one the engine shares among its stores (one connection per engine,
// so per CLI process: each costs ~1 ms to open and check), or one of its own, opened here.
class DatabaseRef {
 public:
  explicit DatabaseRef(Database& shared) : db_(&shared) {}
  DatabaseRef(const std::filesystem::path& path, const std::vector<const Schema*>& schemas)
      : owned_(std::make_unique<Database>(path, schemas)), db_(owned_.get()) {}
  Database& get() const { return *db_; }

 private:
  std::unique_ptr<Database> owned_;
  Database* db_;
};

}  // namespace berth::store
