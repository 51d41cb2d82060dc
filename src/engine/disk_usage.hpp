#pragma once
// `system df` over the engine library: what images, containers, volumes and the build cache
// hold on disk, and how much of it nothing uses, counted as Docker counts them.
#include <cstdint>

#include "engine/engine.hpp"

namespace berth::engine {

struct DiskUsageRow {
  int64_t total = 0;
  int64_t active = 0;
  uint64_t size = 0;
  uint64_t reclaimable = 0;
};

struct DiskUsage {
  // Layers shared between images once; an active image is used by a container; reclaimable
  // is what is left after the active images' own (not shared) layers, as Docker reckons it.
  DiskUsageRow images;
  // Writable layers; active: running or paused.
  DiskUsageRow containers;
  // Volume contents; active: used by a container.
  DiskUsageRow volumes;
  // Build steps and cache mounts; the layers no image uses (only the cache keeps them) and the
  // cache mounts' contents; nothing is in use between builds.
  DiskUsageRow build_cache;
};

// Walks every writable layer and volume: as slow as `du` over them.
DiskUsage disk_usage(Engine& engine);

}  // namespace berth::engine
