#pragma once
// The build cache: step key -> the stage state after the step, kept in berth.db so that every
// process (and `berth serve`) shares it.
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "base/digest.hpp"
#include "base/json.hpp"
#include "store/database.hpp"

namespace berth::build {

// Thread-safe: a build's parallel stages share one cache. It has its own connection, so its
// transactions never interleave with the image store's on a shared one.
class BuildCache {
 public:
  explicit BuildCache(const std::filesystem::path& database);
  std::optional<Json> find(const Digest& key);
  void put(const Digest& key, const Json& state);
  // Forgets every entry; returns how many there were. The layers they named go with the next
  // image garbage collection once no image uses them.
  int64_t prune();
  // Forgets the entries put with "scope": `scope` in their state (a deleted Space's).
  int64_t prune_scope(const std::string& scope);

 private:
  std::mutex mutex_;
  store::Database db_;
};

}  // namespace berth::build
