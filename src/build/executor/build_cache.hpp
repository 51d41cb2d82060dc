#pragma once
// The build cache: step key -> the stage state after the step, kept in berth.db so that every
// process (and `berth serve`) shares it.
#include <optional>
#include <string>

#include "base/digest.hpp"
#include "base/json.hpp"
#include "store/database.hpp"

namespace berth::build {

class BuildCache {
 public:
  explicit BuildCache(store::Database& db) : db_(db) {}
  std::optional<Json> find(const Digest& key);
  void put(const Digest& key, const Json& state);
  // Forgets every entry; returns how many there were. The layers they named go with the next
  // image garbage collection once no image uses them.
  int64_t prune();

 private:
  store::Database& db_;
};

}  // namespace berth::build
