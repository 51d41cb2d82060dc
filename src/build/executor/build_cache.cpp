#include "build/executor/build_cache.hpp"

#include <chrono>

#include "base/time_format.hpp"
#include "build/executor/build_cache_schema.hpp"
#include "store/schema_migrator.hpp"

namespace berth::build {

// The connection may be an image store's own, opened without this schema: a build is
// where the cache's table is needed first.
BuildCache::BuildCache(store::Database& db) : db_(db) {
  store::migrate_schemas(db_, {&build_cache_schema()});
}

std::optional<Json> BuildCache::find(const Digest& key) {
  std::lock_guard lock(db_.mutex());
  store::Statement st(db_, "SELECT state FROM build_cache WHERE key = ?1");
  st.bind_all(key.str());
  if (!st.step()) return std::nullopt;
  return Json::parse(st.column_text(0));
}

void BuildCache::put(const Digest& key, const Json& state) {
  std::lock_guard lock(db_.mutex());
  db_.write_transaction([&] {
    store::Statement st(
        db_, "INSERT OR REPLACE INTO build_cache (key, state, created) VALUES (?1, ?2, ?3)");
    st.bind_all(key.str(), state.dump(), rfc3339_now());
    st.run();
  });
}

int64_t BuildCache::count() {
  std::lock_guard lock(db_.mutex());
  store::Statement st(db_, "SELECT COUNT(*) FROM build_cache");
  return st.step() ? st.column_int(0) : 0;
}

int64_t BuildCache::prune() {
  std::lock_guard lock(db_.mutex());
  int64_t removed = 0;
  db_.write_transaction([&] {
    store::Statement st(db_, "DELETE FROM build_cache");
    st.run();
    removed = db_.changes();
  });
  return removed;
}

int64_t BuildCache::prune_scope(const std::string& scope) {
  std::lock_guard lock(db_.mutex());
  int64_t removed = 0;
  db_.write_transaction([&] {
    store::Statement st(db_, "DELETE FROM build_cache WHERE json_extract(state, '$.scope') = ?1");
    st.bind_all(scope);
    st.run();
    removed = db_.changes();
  });
  return removed;
}

}  // namespace berth::build
