#include "build/executor/build_cache.hpp"

#include <chrono>

#include "base/time_format.hpp"

namespace berth::build {

std::optional<Json> BuildCache::find(const Digest& key) {
  store::Statement st(db_, "SELECT state FROM build_cache WHERE key = ?1");
  st.bind_all(key.str());
  if (!st.step()) return std::nullopt;
  return Json::parse(st.column_text(0));
}

void BuildCache::put(const Digest& key, const Json& state) {
  db_.write_transaction([&] {
    store::Statement st(
        db_, "INSERT OR REPLACE INTO build_cache (key, state, created) VALUES (?1, ?2, ?3)");
    st.bind_all(key.str(), state.dump(), format_rfc3339_nano(std::chrono::system_clock::now()));
    st.run();
  });
}

int64_t BuildCache::prune() {
  int64_t removed = 0;
  db_.write_transaction([&] {
    store::Statement st(db_, "DELETE FROM build_cache");
    st.run();
    removed = db_.changes();
  });
  return removed;
}

}  // namespace berth::build
