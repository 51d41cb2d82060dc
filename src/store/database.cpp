#include "store/database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "store/schema_migrator.hpp"

namespace berth::store {

namespace {

// Tightens `path` to `mode` when it gives more; a missing file is fine.
void restrict_mode(const std::filesystem::path& path, mode_t mode) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw_errno("stat " + path.string());
  }
  if ((st.st_mode & 07777 & ~mode) == 0) return;
  if (::chmod(path.c_str(), mode) != 0) throw_errno("chmod " + path.string());
}

// The database holds every container's configuration, the Spaces' sealed secrets and the
// hashes of API tokens: it, its WAL and shared memory are 0600 (SQLite gives the WAL and
// shm files the database's own mode), and the directory it lives in, Berth's root, is 0700,
// as Docker's /var/lib/docker was. Roots made by an older berth are tightened here too.
void make_private(const std::filesystem::path& path) {
  auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  struct stat st {};
  // Only a directory this user owns and no shared one (sticky, as /tmp; or /).
  if (::stat(dir.c_str(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 077) != 0 &&
      (st.st_mode & S_ISVTX) == 0 && std::filesystem::absolute(dir) != "/") {
    if (::chmod(dir.c_str(), 0700) != 0) throw_errno("chmod " + dir.string());
  }
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.valid()) throw_errno("open database " + path.string());
  if (::fstat(fd.get(), &st) != 0) throw_errno("stat " + path.string());
  if ((st.st_mode & 077) != 0 && ::fchmod(fd.get(), 0600) != 0) {
    throw_errno("chmod " + path.string());
  }
  restrict_mode(path.string() + "-wal", 0600);
  restrict_mode(path.string() + "-shm", 0600);
}

}  // namespace

Statement::Statement(Database& db, std::string_view sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    db_.fail("prepare \"" + sql_ + "\"");
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    db_.fail("bind");
  }
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_.fail("bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_.fail("bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("execute \"" + sql_ + "\"");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::column_text(int index) const {
  auto* text = sqlite3_column_text(stmt_, index);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Database::Database(const std::filesystem::path& path, const std::vector<const Schema*>& schemas)
    : path_(path) {
  make_private(path);
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error("open database " + path.string() + ": " + message);
  }
  // Other processes may hold the write lock for a while (a long load commits at its end).
  sqlite3_busy_timeout(db_, 60000);
  // Switching a new database to WAL needs a moment alone with it; a second process opening
  // the same fresh root gets SQLITE_BUSY here without the busy handler being consulted.
  for (int attempt = 0;; ++attempt) {
    int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt >= 600) {
      fail("set journal_mode=WAL");
    }
    sqlite3_sleep(100);
  }
  // Every CLI command is a short process, and at 4 ms an fsync here is the biggest cost of
  // `berth run`. In WAL mode NORMAL keeps the database consistent through any crash (a commit
  // is all or nothing) and syncs only at checkpoints; what a power loss may cost is the last
  // few commits, never a reference to a blob that is not on disk (blobs are synced first).
  exec("PRAGMA synchronous=NORMAL");
  // Checkpointing on close would fsync at the end of every command; the automatic checkpoint,
  // run by whichever commit crosses it, is enough. It runs often (every 128 pages) because the
  // first connection of every process rebuilds the WAL index by reading the whole WAL: a
  // 4 MB WAL (SQLite's default) costs 6 ms per command, 512 kB well under one.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  exec("PRAGMA wal_autocheckpoint=128");
  exec("PRAGMA foreign_keys=ON");
  // Pages read through a mapping, not a pread each: opening the stores and one `berth run`
  // made ~100 of those calls.
  exec("PRAGMA mmap_size=268435456");
  migrate_schemas(*this, schemas);
}

Database::~Database() {
  sqlite3_close(db_);
}

void Database::fail(const std::string& what) const {
  throw Error("database " + path_.string() + ": " + what + ": " + sqlite3_errmsg(db_));
}

void Database::exec(std::string_view sql) {
  std::string owned(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error("database " + path_.string() + ": " + text);
  }
}

int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

void Database::write_transaction(const std::function<void()>& body) {
  std::lock_guard lock(mutex_);
  exec("BEGIN IMMEDIATE");
  try {
    body();
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace berth::store
