#pragma once
// `builder prune` over the engine library: the build cache's steps and cache mounts, all of
// them or one Space's (a deleted Space's, so nothing it built lingers), then garbage
// collection of the layers nothing uses any more.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/engine.hpp"

namespace berth::engine {

struct BuildCachePruneReport {
  int64_t steps = 0;
  int64_t cache_mounts = 0;
  image::GcResult garbage;
};

// `tenant`: "owner/name", only that Space's cache scope; nullopt: everything.
BuildCachePruneReport prune_build_cache(Engine& engine, const std::optional<std::string>& tenant);

}  // namespace berth::engine
