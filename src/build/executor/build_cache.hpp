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

// Thread-safe: a build's parallel stages share one cache. It uses the image store's connection
// and holds that connection's mutex around each use, as the image store does, so their
// transactions never interleave.
class BuildCache {
 public:
  explicit BuildCache(store::Database& db);
  std::optional<Json> find(const Digest& key);
  void put(const Digest& key, const Json& state);
  // How many entries there are.
  int64_t count();
  // Forgets every entry; returns how many there were. The layers they named go with the next
  // image garbage collection once no image uses them.
  int64_t prune();
  // Forgets the entries put with "scope": `scope` in their state (a deleted Space's).
  int64_t prune_scope(const std::string& scope);

 private:
  store::Database& db_;
};

}  // namespace berth::build
